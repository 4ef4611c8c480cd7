#include "io/catalogue_loader.h"

#include "io/catalogue_yaml.h"
#include "io/units.h"
#include "spec/architecture.h"
#include "technology_catalogue_text.h"  // generated from resources/catalogue.yaml (model/CMakeLists.txt)

#include <algorithm>
#include <fstream>
#include <set>
#include <sstream>

namespace headroom::io {

using spec::InputError;
using spec::SourceLocation;

namespace detail {
namespace {

SourceLocation at(const std::string& file, const YAML::Mark& m) {
    if (m.line < 0) return SourceLocation{file, 0, 0};
    return SourceLocation{file, m.line + 1, m.column + 1};
}

std::string joined(const std::vector<std::string>& keys) {
    std::string out;
    for (const auto& k : keys) out += (out.empty() ? "" : ", ") + k;
    return out.empty() ? std::string("none") : out;
}

void requireMap(const YAML::Node& n, const std::string& file, const std::string& what) {
    if (!n.IsMap()) throw InputError(at(file, n.Mark()), "'" + what + "' must be a mapping");
}

std::string scalar(const YAML::Node& n, const std::string& file, const std::string& key) {
    if (!n.IsScalar()) throw InputError(at(file, n.Mark()), "'" + key + "' must be a single value");
    return n.Scalar();
}

double number(const YAML::Node& n, const std::string& file, const std::string& key) {
    std::string error;
    const auto v = parseNumber(scalar(n, file, key), error);
    if (!v) throw InputError(at(file, n.Mark()), "'" + key + "': " + error);
    if (!(*v >= 0)) throw InputError(at(file, n.Mark()), "'" + key + "' must not be negative");
    return *v;
}

spec::CatalogueBuild buildEntry(const YAML::Node& n, const std::string& file) {
    spec::CatalogueBuild b;
    b.where = at(file, n.Mark());
    static const std::vector<std::string> keys = {"build", "title", "cost", "lead_time", "downtime",
                                                  "work", "prerequisites", "risks"};
    for (auto it = n.begin(); it != n.end(); ++it) {
        const std::string key = scalar(it->first, file, "builds");
        const YAML::Node v = it->second;
        if (key == "build") b.id = scalar(v, file, key);
        else if (key == "title") b.title = scalar(v, file, key);
        else if (key == "cost") b.cost = scalar(v, file, key);
        else if (key == "downtime") b.downtime = scalar(v, file, key);
        else if (key == "work") b.work = scalar(v, file, key);
        else if (key == "risks") b.risks = scalar(v, file, key);
        else if (key == "lead_time") {
            std::string error;
            const auto s = parseDuration(scalar(v, file, key), error);
            if (!s) throw InputError(at(file, v.Mark()), "'lead_time': " + error);
            b.leadTimeDays = *s / 86400.0;
        } else if (key == "prerequisites") {
            if (v.IsScalar()) b.prerequisites.push_back(v.Scalar());
            else if (v.IsSequence()) {
                for (const auto& p : v) b.prerequisites.push_back(scalar(p, file, key));
            } else if (!v.IsNull()) {
                throw InputError(at(file, v.Mark()), "'prerequisites' must be a list of lines");
            }
        } else {
            throw InputError(at(file, it->first.Mark()),
                             "unknown key '" + key + "' in a catalogue build (expected " + joined(keys) + ")");
        }
    }
    if (b.id.empty()) throw InputError(b.where, "a catalogue build needs 'build:' (the transformation id)");
    return b;
}

}  // namespace

spec::CatalogueOverride readCatalogue(const YAML::Node& root, const std::string& file) {
    spec::CatalogueOverride o;
    o.file = file;
    if (root.IsNull()) return o;
    requireMap(root, file, "catalogue");
    for (auto it = root.begin(); it != root.end(); ++it) {
        const std::string key = scalar(it->first, file, "catalogue");
        const YAML::Node v = it->second;
        if (key == "prices") {
            if (v.IsNull()) continue;
            requireMap(v, file, "prices");
            const auto& known = spec::cataloguePriceKeys();
            for (auto p = v.begin(); p != v.end(); ++p) {
                const std::string name = scalar(p->first, file, "prices");
                if (std::find(known.begin(), known.end(), name) == known.end()) {
                    throw InputError(at(file, p->first.Mark()),
                                     "unknown price '" + name + "' in the catalogue (expected " + joined(known) + ")");
                }
                o.prices[name] = number(p->second, file, name);
                o.priceWhere[name] = at(file, p->first.Mark());
                if (name == "max_cores" && !(o.prices[name] >= 1 && o.prices[name] <= 1024)) {
                    throw InputError(at(file, p->second.Mark()), "'max_cores' must be between 1 and 1024");
                }
            }
        } else if (key == "kinds") {
            if (v.IsNull()) continue;
            requireMap(v, file, "kinds");
            for (auto k = v.begin(); k != v.end(); ++k) {
                const std::string name = scalar(k->first, file, "kinds");
                static const std::vector<std::string> kindNames = {"service", "load_balancer", "cache", "cdn",
                                                                   "database", "queue", "external"};
                if (std::find(kindNames.begin(), kindNames.end(), name) == kindNames.end()) {
                    throw InputError(at(file, k->first.Mark()),
                                     "unknown component kind '" + name + "' in the catalogue (expected " + joined(kindNames) + ")");
                }
                spec::CatalogueOverride::Kind kind;
                const YAML::Node body = k->second;
                if (!body.IsNull()) requireMap(body, file, name);
                for (auto part = body.begin(); body.IsMap() && part != body.end(); ++part) {
                    const std::string partKey = scalar(part->first, file, name);
                    const YAML::Node pv = part->second;
                    if (partKey == "builds") {
                        std::vector<spec::CatalogueBuild> builds;
                        if (!pv.IsNull() && !pv.IsSequence()) {
                            throw InputError(at(file, pv.Mark()), "'builds' must be a list");
                        }
                        for (const auto& e : pv) {
                            if (e.IsScalar()) {
                                spec::CatalogueBuild b;
                                b.id = e.Scalar();
                                b.where = at(file, e.Mark());
                                builds.push_back(b);
                                kind.builtById.push_back(true);
                            } else if (e.IsMap()) {
                                builds.push_back(buildEntry(e, file));
                                kind.builtById.push_back(false);
                            } else {
                                throw InputError(at(file, e.Mark()), "a catalogue build is an id or a mapping");
                            }
                        }
                        kind.builds = std::move(builds);
                    } else if (partKey == "limits") {
                        if (pv.IsNull()) continue;
                        requireMap(pv, file, "limits");
                        const auto& known = spec::catalogueLimitKeys(name);
                        for (auto l = pv.begin(); l != pv.end(); ++l) {
                            const std::string limit = scalar(l->first, file, "limits");
                            if (std::find(known.begin(), known.end(), limit) == known.end()) {
                                throw InputError(at(file, l->first.Mark()), "unknown limit '" + limit + "' for " + name +
                                                                                " (expected " + joined(known) + ")");
                            }
                            const double value = number(l->second, file, limit);
                            if (!(value >= 1)) throw InputError(at(file, l->second.Mark()), "'" + limit + "' must be at least 1");
                            kind.limits[limit] = value;
                            kind.limitWhere[limit] = at(file, l->first.Mark());
                        }
                    } else {
                        throw InputError(at(file, part->first.Mark()),
                                         "unknown key '" + partKey + "' for kind " + name + " (expected builds, limits)");
                    }
                }
                o.kinds[name] = std::move(kind);
            }
        } else {
            throw InputError(at(file, it->first.Mark()), "unknown key '" + key + "' in the catalogue (expected prices, kinds)");
        }
    }
    return o;
}

}  // namespace detail

spec::CatalogueOverride parseCatalogue(const std::string& text, const std::string& fileName) {
    YAML::Node root;
    try {
        root = YAML::Load(text);
    } catch (const YAML::Exception& e) {
        throw InputError(detail::at(fileName, e.mark), "not valid YAML: " + e.msg);
    }
    return detail::readCatalogue(root, fileName);
}

spec::CatalogueOverride loadCatalogueFile(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw InputError(SourceLocation{path, 0, 0}, "cannot open the catalogue file");
    std::ostringstream text;
    text << in.rdbuf();
    if (text.str().size() > (2u << 20)) throw InputError(SourceLocation{path, 1, 1}, "the catalogue is larger than 2 MiB");
    return parseCatalogue(text.str(), path);
}

const std::string& defaultCatalogueText() {
    static const std::string text = kTechnologyCatalogueText;
    return text;
}

const spec::TechnologyCatalogue& defaultCatalogue() {
    static const spec::TechnologyCatalogue catalogue =
        spec::applyOverride(spec::TechnologyCatalogue{}, parseCatalogue(defaultCatalogueText(), "resources/catalogue.yaml"));
    return catalogue;
}

}  // namespace headroom::io
