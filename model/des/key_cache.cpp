// A cache played key by key: see key_cache.h and docs/methods.md, "Cache dynamics".

#include "des/key_cache.h"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace headroom::des {

KeyedCache::KeyedCache(const KeyedCacheParameters& parameters) : parameters_(parameters)
{
    keys_ = static_cast<std::int64_t>(std::clamp(std::floor(parameters.keys), 1.0, kMaxKeys));
    capacity_ = static_cast<std::size_t>(std::clamp(std::floor(parameters.capacity), 0.0, static_cast<double>(keys_)));
    cdf_.resize(static_cast<std::size_t>(keys_));
    double sum = 0.0;
    for (std::int64_t i = 0; i < keys_; ++i) {
        sum += std::pow(static_cast<double>(i + 1), -parameters.zipf);
        cdf_[static_cast<std::size_t>(i)] = sum;
    }
    for (double& c : cdf_)
        c /= sum;
    cdf_.back() = 1.0;
    slab_.reserve(std::min<std::size_t>(capacity_, 1u << 20));
    slotOf_.reserve(capacity_);
}

std::int64_t KeyedCache::sampleKey(double u) const
{
    const auto it = std::upper_bound(cdf_.begin(), cdf_.end(), u);
    return std::min<std::int64_t>(it - cdf_.begin(), keys_ - 1);
}

double KeyedCache::probability(std::int64_t key) const
{
    const auto i = static_cast<std::size_t>(key);
    return i == 0 ? cdf_[0] : cdf_[i] - cdf_[i - 1];
}

double KeyedCache::lifetime(double u) const
{
    if (parameters_.ttl <= 0.0)
        return std::numeric_limits<double>::infinity();
    return parameters_.ttl * (1.0 + parameters_.ttlJitter * (2.0 * u - 1.0));
}

void KeyedCache::unlink(std::int32_t slot)
{
    Entry& e = slab_[static_cast<std::size_t>(slot)];
    if (e.previous >= 0)
        slab_[static_cast<std::size_t>(e.previous)].next = e.next;
    else
        head_ = e.next;
    if (e.next >= 0)
        slab_[static_cast<std::size_t>(e.next)].previous = e.previous;
    else
        tail_ = e.previous;
    e.previous = e.next = -1;
}

void KeyedCache::pushFront(std::int32_t slot)
{
    Entry& e = slab_[static_cast<std::size_t>(slot)];
    e.previous = -1;
    e.next = head_;
    if (head_ >= 0)
        slab_[static_cast<std::size_t>(head_)].previous = slot;
    head_ = slot;
    if (tail_ < 0)
        tail_ = slot;
}

void KeyedCache::erase(std::int32_t slot)
{
    unlink(slot);
    slotOf_.erase(slab_[static_cast<std::size_t>(slot)].key);
    free_.push_back(slot);
}

std::int32_t KeyedCache::insert(std::int64_t key, double expiry)
{
    if (capacity_ == 0)
        return -1;
    if (auto it = slotOf_.find(key); it != slotOf_.end()) {
        slab_[static_cast<std::size_t>(it->second)].expiry = expiry;
        unlink(it->second);
        pushFront(it->second);
        return it->second;
    }
    if (slotOf_.size() >= capacity_)
        erase(tail_);
    std::int32_t slot;
    if (!free_.empty()) {
        slot = free_.back();
        free_.pop_back();
    } else {
        slot = static_cast<std::int32_t>(slab_.size());
        slab_.emplace_back();
    }
    Entry& e = slab_[static_cast<std::size_t>(slot)];
    e.key = key;
    e.expiry = expiry;
    slotOf_.emplace(key, slot);
    pushFront(slot);
    return slot;
}

KeyedCache::Lookup KeyedCache::lookup(std::int64_t key, double now)
{
    if (auto it = slotOf_.find(key); it != slotOf_.end()) {
        const std::int32_t slot = it->second;
        if (slab_[static_cast<std::size_t>(slot)].expiry > now) {
            unlink(slot);
            pushFront(slot);
            return Lookup::Hit;
        }
        if (parameters_.serveStale) {
            // Stale: served; the first caller to see it refreshes it.
            unlink(slot);
            pushFront(slot);
            if (inFlight_.count(key))
                return Lookup::Hit;
            inFlight_.emplace(key, std::vector<std::pair<std::int32_t, std::uint32_t>>{});
            return Lookup::Miss;
        }
        erase(slot);
    }
    if (parameters_.coalesce) {
        if (inFlight_.count(key))
            return Lookup::Coalesced;
        inFlight_.emplace(key, std::vector<std::pair<std::int32_t, std::uint32_t>>{});
    }
    return Lookup::Miss;
}

void KeyedCache::wait(std::int64_t key, std::int32_t frame, std::uint32_t request)
{
    inFlight_[key].emplace_back(frame, request);
}

std::vector<std::pair<std::int32_t, std::uint32_t>> KeyedCache::filled(std::int64_t key, double now, double u)
{
    insert(key, now + lifetime(u));
    return fetchFailed(key);  // the fetch is over either way: its waiters go on
}

std::vector<std::pair<std::int32_t, std::uint32_t>> KeyedCache::fetchFailed(std::int64_t key)
{
    std::vector<std::pair<std::int32_t, std::uint32_t>> waiters;
    if (auto it = inFlight_.find(key); it != inFlight_.end()) {
        waiters = std::move(it->second);
        inFlight_.erase(it);
    }
    return waiters;
}

void KeyedCache::flush()
{
    slab_.clear();
    free_.clear();
    slotOf_.clear();
    head_ = tail_ = -1;
}

void KeyedCache::expireTogether(double now, RandomStream& random)
{
    const double spread = parameters_.ttl * 2.0 * parameters_.ttlJitter;
    for (std::int32_t s = head_; s >= 0; s = slab_[static_cast<std::size_t>(s)].next)
        slab_[static_cast<std::size_t>(s)].expiry = now + spread * random.uniform();
}

void KeyedCache::warm(RandomStream& random, double now)
{
    flush();
    if (capacity_ == 0)
        return;
    // Age of key i since its last request ~ Exp(p_i) (in units of requests:
    // the scale does not change which are the most recent).
    std::vector<std::pair<double, std::int64_t>> ages(static_cast<std::size_t>(keys_));
    for (std::int64_t i = 0; i < keys_; ++i)
        ages[static_cast<std::size_t>(i)] = {-std::log(random.uniformPositive()) / probability(i), i};
    const std::size_t kept = std::min(capacity_, ages.size());
    std::nth_element(ages.begin(), ages.begin() + static_cast<std::ptrdiff_t>(kept - 1), ages.end());
    std::sort(ages.begin(), ages.begin() + static_cast<std::ptrdiff_t>(kept));
    // Oldest first, so the most recent ends at the front of the LRU.
    for (std::size_t k = kept; k-- > 0;) {
        const double remaining = parameters_.ttl > 0.0 ? lifetime(random.uniform()) * random.uniform()
                                                       : std::numeric_limits<double>::infinity();
        insert(ages[k].second, now + remaining);
    }
}

}  // namespace headroom::des
