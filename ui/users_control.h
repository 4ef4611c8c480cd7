#pragma once
// The users control in the toolbar: a logarithmic slider and a spin box,
// the study's default range (roadmap::kDefaultFromUsers..kDefaultTargetUsers), kept in step. Every move emits usersChanged at once
// (the analytic answer is instant; the simulation restarts after a pause).

#include "roadmap/sweep.h"

#include <QWidget>

class QLabel;
class QSlider;
class QSpinBox;

namespace headroom::ui {

class UsersControl : public QWidget {
    Q_OBJECT

public:
    static constexpr int kMinimum = static_cast<int>(roadmap::kDefaultFromUsers);
    static constexpr int kMaximum = static_cast<int>(roadmap::kDefaultTargetUsers);
    /// The most users one can type: the format's bound for workload.users.
    [[nodiscard]] static int maxTypedUsers();
    static constexpr int kSteps = 1200;  ///< slider positions over three decades

    explicit UsersControl(QWidget* parent = nullptr);

    [[nodiscard]] int users() const { return users_; }
    [[nodiscard]] QSlider* slider() const { return slider_; }
    [[nodiscard]] QSpinBox* spinBox() const { return spin_; }

    /// Slider position <-> users on the log scale.
    [[nodiscard]] static int usersAt(int position);
    [[nodiscard]] static int positionOf(int users);

public slots:
    void setUsers(int users);

signals:
    void usersChanged(int users);

private:
    QSlider* slider_;
    QSpinBox* spin_;
    int users_ = 1000;
    bool syncing_ = false;
};

}  // namespace headroom::ui
