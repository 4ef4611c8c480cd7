#include "users_control.h"

#include "spec/field_table.h"

#include <limits>

#include "property_schema.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QSlider>
#include <QSpinBox>

#include <algorithm>
#include <cmath>

namespace headroom::ui {

int UsersControl::usersAt(int position) {
    const double f = static_cast<double>(std::clamp(position, 0, kSteps)) / kSteps;
    const double users = kMinimum * std::pow(static_cast<double>(kMaximum) / kMinimum, f);
    // Round to 2-3 significant figures so the slider lands on readable counts.
    const double magnitude = std::pow(10.0, std::floor(std::log10(users)) - 1);
    return std::clamp(static_cast<int>(std::lround(users / magnitude) * magnitude), kMinimum, kMaximum);
}

int UsersControl::positionOf(int users) {
    const double u = std::clamp(users, kMinimum, kMaximum);
    return static_cast<int>(std::lround(std::log(u / kMinimum) / std::log(static_cast<double>(kMaximum) / kMinimum) * kSteps));
}

UsersControl::UsersControl(QWidget* parent) : QWidget(parent) {
    setObjectName(QStringLiteral("usersControl"));
    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(8, 0, 8, 0);
    layout->setSpacing(8);
    auto* label = new QLabel(tr("Users"), this);
    label->setObjectName(QStringLiteral("usersLabel"));
    slider_ = new QSlider(Qt::Horizontal, this);
    slider_->setRange(0, kSteps);
    slider_->setMinimumWidth(260);
    slider_->setPageStep(kSteps / 12);
    slider_->setToolTip(tr("Users on a log scale, %1 to %2").arg(formatUsers(kMinimum), formatUsers(kMaximum)));
    slider_->setObjectName(QStringLiteral("usersSlider"));
    spin_ = new QSpinBox(this);
    // The slider spans the study's range; typing goes up to the format's own
    // bound for workload.users (spec/field_table), so 250000 is 250,000 and
    // not what a lower fixed maximum would have left of it.
    spin_->setRange(kMinimum, maxTypedUsers());
    spin_->setGroupSeparatorShown(true);
    spin_->setAccelerated(true);
    spin_->setKeyboardTracking(false);
    spin_->setMinimumWidth(96);
    spin_->setObjectName(QStringLiteral("usersSpinBox"));
    auto* scale = new QLabel(QStringLiteral("%1 – %2k").arg(kMinimum).arg(kMaximum / 1000), this);
    scale->setObjectName(QStringLiteral("usersScale"));
    layout->addWidget(label);
    layout->addWidget(slider_, 1);
    layout->addWidget(spin_);
    layout->addWidget(scale);

    connect(slider_, &QSlider::valueChanged, this, [this](int position) {
        if (syncing_) return;
        setUsers(usersAt(position));
    });
    connect(spin_, &QSpinBox::valueChanged, this, [this](int value) {
        if (syncing_) return;
        setUsers(value);
    });
    setUsers(1000);
}

int UsersControl::maxTypedUsers() {
    const spec::Field* users = spec::fieldTable("workload").find("users");
    const double bound = users && users->bounds.maximum ? *users->bounds.maximum : kMaximum;
    return static_cast<int>(std::min(bound, static_cast<double>(std::numeric_limits<int>::max())));
}

void UsersControl::setUsers(int users) {
    users = std::clamp(users, kMinimum, maxTypedUsers());
    syncing_ = true;
    spin_->setValue(users);
    if (usersAt(slider_->value()) != users) slider_->setValue(positionOf(users));
    syncing_ = false;
    if (users == users_) return;
    users_ = users;
    emit usersChanged(users_);
}

}  // namespace headroom::ui
