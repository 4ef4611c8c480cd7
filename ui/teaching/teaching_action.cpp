#include "teaching_action.h"

#include "main_window.h"
#include "teaching_window.h"

#include <QAction>

namespace headroom::teaching {

TeachingWindow* openTeachingWindow(ui::MainWindow& window) {
    auto* teaching = new TeachingWindow(&window);
    teaching->setAttribute(Qt::WA_DeleteOnClose);
    teaching->show();
    return teaching;
}

void installTeachingAction(ui::MainWindow& window) {
    auto* action = new QAction(QObject::tr("&Teaching Mode (Stages)…"), &window);
    action->setShortcut(QKeySequence(Qt::Key_F6));
    action->setStatusTip(QObject::tr("Walk through the scaling stages, with requests you can watch"));
    QObject::connect(action, &QAction::triggered, &window, [&window] { openTeachingWindow(window); });
    window.addViewAction(action);
}

}  // namespace headroom::teaching
