#pragma once
// Helpers shared by the desktop app's tests: where the presets are, and
// typing into a property field the way a user does.

#include "property_panel.h"

#include <QLineEdit>
#include <QString>
#include <QtTest>

namespace headroom::test {

/// Path of a preset in architectures/.
inline QString preset(const char* file) { return QStringLiteral(HEADROOM_SOURCE_DIR "/architectures/") + file; }

/// Types `text` into a property field and leaves it, as a user would; an
/// empty `text` clears the field.
inline void typeInto(ui::PropertyPanel* panel, const QString& key, const QString& text) {
    auto* line = qobject_cast<QLineEdit*>(panel->editor(key));
    QVERIFY2(line, qPrintable("no line edit for " + key));
    line->setFocus();
    line->selectAll();
    if (text.isEmpty()) QTest::keyClick(line, Qt::Key_Delete);  // clears the selection
    else QTest::keyClicks(line, text);                          // textEdited: validation as you type
    line->setModified(true);
    emit line->editingFinished();
}

}  // namespace headroom::test
