#include "property_panel.h"

#include "architecture_document.h"
#include "architecture_edits.h"

#include <QComboBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QScrollArea>
#include <QStyle>
#include <QVBoxLayout>

#include <algorithm>

namespace headroom::ui {

PropertyPanel::PropertyPanel(ArchitectureDocument* document, QWidget* parent) : QWidget(parent), document_(document) {
    setObjectName(QStringLiteral("propertyPanel"));
    auto* outer = new QVBoxLayout(this);
    outer->setContentsMargins(0, 0, 0, 0);
    outer->setSpacing(0);
    auto* header = new QWidget(this);
    header->setObjectName(QStringLiteral("panelHeader"));
    auto* headerLayout = new QVBoxLayout(header);
    headerLayout->setContentsMargins(12, 10, 12, 8);
    headerLayout->setSpacing(2);
    title_ = new QLabel(header);
    title_->setObjectName(QStringLiteral("panelTitle"));
    subtitle_ = new QLabel(header);
    subtitle_->setObjectName(QStringLiteral("panelSubtitle"));
    documentError_ = new QLabel(header);
    documentError_->setObjectName(QStringLiteral("documentError"));
    documentError_->setWordWrap(true);
    documentError_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    documentError_->hide();
    headerLayout->addWidget(title_);
    headerLayout->addWidget(subtitle_);
    headerLayout->addWidget(documentError_);
    outer->addWidget(header);

    auto* scroll = new QScrollArea(this);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    form_ = new QWidget(scroll);
    formLayout_ = new QVBoxLayout(form_);
    formLayout_->setContentsMargins(12, 4, 12, 12);
    scroll->setWidget(form_);
    outer->addWidget(scroll, 1);

    connect(document_, &ArchitectureDocument::changed, this, &PropertyPanel::refresh);
    connect(document_, &ArchitectureDocument::validityChanged, this, [this](bool valid, const QString& error) {
        documentError_->setText(error);
        documentError_->setVisible(!valid);
    });
    connect(document_, &ArchitectureDocument::reset, this, [this] { setSelection({}); });
    rebuild();
}

QString PropertyPanel::fieldError(const QString& key) const {
    QLabel* label = errors_.value(key);
    return label && !label->isHidden() ? label->text() : QString();
}

QString PropertyPanel::documentError() const { return documentError_->isHidden() ? QString() : documentError_->text(); }

const PropertyField* PropertyPanel::field(const QString& key) const {
    for (const auto& f : fields_) {
        if (f.key == key) return &f;
    }
    return nullptr;
}

void PropertyPanel::setSelection(const Selection& selection) {
    if (selection == selection_ && !fields_.empty()) return;
    selection_ = selection;
    rebuild();
}

void PropertyPanel::rebuild() {
    const spec::Architecture& a = document_->architecture();
    fields_ = propertyFields(a, selection_);
    if (fields_.empty() && selection_.kind != Selection::Kind::Architecture) {
        selection_ = {};
        fields_ = propertyFields(a, selection_);
    }
    keys_.clear();
    for (const auto& f : fields_) keys_ << f.key;
    editors_.clear();
    errors_.clear();
    while (QLayoutItem* item = formLayout_->takeAt(0)) {
        if (item->widget()) item->widget()->deleteLater();
        delete item;
    }
    switch (selection_.kind) {
        case Selection::Kind::Architecture:
            title_->setText(QString::fromStdString(a.name.empty() ? std::string("Architecture") : a.name));
            subtitle_->setText(tr("Workload and service level objective"));
            break;
        case Selection::Kind::Component: {
            title_->setText(selection_.id);
            const auto* c = findComponent(a, selection_.id);
            subtitle_->setText(c ? QString::fromLatin1(spec::toString(c->kind)).replace('_', ' ') : QString());
            break;
        }
        case Selection::Kind::Host:
            title_->setText(selection_.id);
            subtitle_->setText(tr("shared host"));
            break;
        case Selection::Kind::Components:
            title_->setText(tr("%n components", nullptr, static_cast<int>(selection_.ids.size())));
            subtitle_->setText(selection_.ids.join(QStringLiteral(", ")) + tr(" · the keys they share; an edit sets them all"));
            break;
        case Selection::Kind::Call: {
            title_->setText(QStringLiteral("%1 → %2").arg(selection_.id, selection_.to));
            const auto* c = findComponent(a, selection_.id);
            const bool miss = c && std::none_of(c->calls.begin(), c->calls.end(),
                                                [&](const spec::Call& call) { return call.to == selection_.to.toStdString(); });
            subtitle_->setText(miss ? tr("cache miss path") : tr("call"));
            break;
        }
    }
    subtitle_->setWordWrap(true);
    QString group;
    QFormLayout* form = nullptr;
    for (const auto& f : fields_) {
        if (!form || f.group != group) {
            group = f.group;
            auto* heading = new QLabel(group, form_);
            heading->setObjectName(QStringLiteral("groupHeading"));
            formLayout_->addWidget(heading);
            auto* box = new QWidget(form_);
            form = new QFormLayout(box);
            form->setContentsMargins(0, 0, 0, 6);
            form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
            form->setLabelAlignment(Qt::AlignRight | Qt::AlignVCenter);
            formLayout_->addWidget(box);
        }
        const QString key = f.key;
        QWidget* editor = nullptr;
        if (f.editor == PropertyField::Editor::Choice) {
            auto* combo = new QComboBox(form_);
            combo->addItems(f.choices);
            if (f.mixed && f.mixed(a)) {
                combo->setPlaceholderText(tr("mixed values"));
                combo->setCurrentIndex(-1);
            } else {
                combo->setCurrentText(f.get(a));
            }
            connect(combo, &QComboBox::textActivated, this, [this, key](const QString& text) { commit(key, text); });
            editor = combo;
        } else {
            auto* line = new QLineEdit(f.get(a), form_);
            line->setPlaceholderText(f.mixed && f.mixed(a) ? tr("mixed values") : f.hint);
            line->setClearButtonEnabled(false);
            connect(line, &QLineEdit::textEdited, this, [this, key](const QString& text) { check(key, text); });
            connect(line, &QLineEdit::editingFinished, this, [this, key, line] {
                if (line->isModified()) {
                    line->setModified(false);
                    commit(key, line->text());
                }
            });
            editor = line;
        }
        editor->setObjectName(QStringLiteral("field:") + key);
        editor->setToolTip(QStringLiteral("<b>%1</b><br>%2").arg(key.toHtmlEscaped(), f.hint.toHtmlEscaped()));
        auto* cell = new QWidget(form_);
        auto* cellLayout = new QVBoxLayout(cell);
        cellLayout->setContentsMargins(0, 0, 0, 0);
        cellLayout->setSpacing(1);
        cellLayout->addWidget(editor);
        auto* error = new QLabel(cell);
        error->setObjectName(QStringLiteral("fieldError"));
        error->setWordWrap(true);
        error->hide();
        cellLayout->addWidget(error);
        form->addRow(f.label, cell);
        editors_.insert(key, editor);
        errors_.insert(key, error);
    }
    formLayout_->addStretch(1);
    documentError_->setText(document_->errorMessage());
    documentError_->setVisible(!document_->isValid());
}

void PropertyPanel::refresh() {
    const spec::Architecture& a = document_->architecture();
    const auto fresh = propertyFields(a, selection_);
    QStringList keys;
    for (const auto& f : fresh) keys << f.key;
    if (keys != keys_ || fresh.empty()) {
        rebuild();
        return;
    }
    fields_ = fresh;
    if (selection_.kind == Selection::Kind::Architecture) {
        title_->setText(QString::fromStdString(a.name.empty() ? std::string("Architecture") : a.name));
    }
    for (const auto& f : fields_) {
        QWidget* editor = editors_.value(f.key);
        const QString value = f.get(a);
        if (auto* line = qobject_cast<QLineEdit*>(editor)) {
            // Do not overwrite what the user is typing (an invalid draft).
            if (!line->hasFocus() || !errors_.value(f.key)->isVisible()) {
                if (line->text() != value) line->setText(value);
                line->setPlaceholderText(f.mixed && f.mixed(a) ? tr("mixed values") : f.hint);
                errors_.value(f.key)->hide();
                line->setProperty("invalid", false);
                line->style()->unpolish(line);
                line->style()->polish(line);
            }
        } else if (auto* combo = qobject_cast<QComboBox*>(editor)) {
            if (f.mixed && f.mixed(a)) combo->setCurrentIndex(-1);
            else combo->setCurrentText(value);
        }
    }
}

void PropertyPanel::check(const QString& key, const QString& text) {
    const PropertyField* f = field(key);
    if (!f) return;
    spec::Architecture candidate = document_->architecture();
    QString error = f->set(candidate, text);
    bool hard = !error.isEmpty();
    if (!hard) {
        // The value parses; does the architecture still hold together?
        error = ArchitectureDocument::validate(candidate);
        const int at = error.indexOf(QStringLiteral("error: "));
        if (at >= 0) error = error.mid(at + 7);
    }
    QLabel* label = errors_.value(key);
    QWidget* editor = editors_.value(key);
    label->setText(error);
    label->setProperty("warning", !hard);
    label->setVisible(!error.isEmpty());
    label->style()->unpolish(label);
    label->style()->polish(label);
    editor->setProperty("invalid", hard);
    editor->style()->unpolish(editor);
    editor->style()->polish(editor);
}

void PropertyPanel::commit(const QString& key, const QString& text) {
    const PropertyField* f = field(key);
    if (!f) return;
    spec::Architecture after = document_->architecture();
    if (f->get(after) == text) return;
    const QString error = f->set(after, text);
    if (!error.isEmpty()) {
        check(key, text);
        return;  // the field keeps the draft and its reason; nothing is committed
    }
    QString where;
    if (selection_.kind == Selection::Kind::Components) where = QStringLiteral("{%1}.").arg(selection_.ids.join(QLatin1Char(',')));
    else if (selection_.kind != Selection::Kind::Architecture) where = selection_.id + QLatin1Char('.');
    const QString mergeKey = QStringLiteral("%1/%2/%3/%4/%5")
                                 .arg(static_cast<int>(selection_.kind))
                                 .arg(selection_.id, selection_.ids.join(QLatin1Char(',')), selection_.to, key);
    if (key == QLatin1String("id") && selection_.kind == Selection::Kind::Component) {
        // The selection follows the rename.
        selection_.id = text.trimmed();
    }
    if (selection_.kind == Selection::Kind::Call && key.endsWith(QLatin1String(".to"))) {
        selection_.to = text.trimmed();  // the arrow now ends at the new callee
    }
    document_->edit(after, tr("Set %1%2 = %3").arg(where, key, text.trimmed()), mergeKey);
    errors_.value(key)->hide();
}

}  // namespace headroom::ui
