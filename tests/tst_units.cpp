// Quantities with units: durations, ratios, rates (docs/format.md, "Units").
#include "io/units.h"

#include <QtTest>

using namespace headroom;

class TestUnits : public QObject {
    Q_OBJECT
private slots:
    void durations_data() {
        QTest::addColumn<QString>("text");
        QTest::addColumn<double>("seconds");
        QTest::newRow("us") << "250us" << 250e-6;
        QTest::newRow("ms") << "4ms" << 0.004;
        QTest::newRow("s") << "1.5s" << 1.5;
        QTest::newRow("min") << "10min" << 600.0;
        QTest::newRow("h") << "24h" << 86400.0;
        QTest::newRow("space") << "12 ms" << 0.012;
        QTest::newRow("zero") << "0" << 0.0;
        QTest::newRow("exp") << "1e3ms" << 1.0;
    }
    void durations() {
        QFETCH(QString, text);
        QFETCH(double, seconds);
        std::string error;
        auto v = io::parseDuration(text.toStdString(), error);
        QVERIFY2(v.has_value(), error.c_str());
        QVERIFY(std::abs(*v - seconds) <= 1e-12 * std::max(1.0, seconds));
    }
    void badDurations_data() {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("message");
        QTest::newRow("no unit") << "12" << "needs a unit";
        QTest::newRow("negative") << "-4ms" << "negative";
        QTest::newRow("bad unit") << "4 parsecs" << "unknown time unit";
        QTest::newRow("text") << "soon" << "expected a duration";
        QTest::newRow("inf") << "infms" << "expected a duration";
        QTest::newRow("nan") << "nans" << "expected a duration";
    }
    void badDurations() {
        QFETCH(QString, text);
        QFETCH(QString, message);
        std::string error;
        QVERIFY(!io::parseDuration(text.toStdString(), error));
        QVERIFY2(QString::fromStdString(error).contains(message), error.c_str());
    }
    void ratios() {
        std::string error;
        QCOMPARE(*io::parseRatio("0.8", error), 0.8);
        QCOMPARE(*io::parseRatio("80%", error), 0.8);
        QCOMPARE(*io::parseRatio("0.1%", error), 0.001);
        QVERIFY(!io::parseRatio("120%", error));
        QVERIFY(!io::parseRatio("-0.1", error));
        QVERIFY(!io::parseRatio("80 percent", error));
    }
    void rates() {
        std::string error;
        QCOMPARE(*io::parseRate("240/s", error), 240.0);
        QCOMPARE(*io::parseRate("1200/min", error), 20.0);
        QCOMPARE(*io::parseRate("3600/h", error), 1.0);
        QCOMPARE(*io::parseRate("5", error), 5.0);
        QVERIFY(!io::parseRate("5/fortnight", error));
        QVERIFY(!io::parseRate("-5/s", error));
    }
    void formatRoundTrips() {
        for (double s : {250e-6, 0.004, 0.0125, 1.5, 90.0, 600.0, 86400.0}) {
            std::string error;
            auto back = io::parseDuration(io::formatDuration(s), error);
            QVERIFY2(back && std::abs(*back - s) < 1e-9 * s, io::formatDuration(s).c_str());
        }
        QCOMPARE(QString::fromStdString(io::formatDuration(0.00025)), QString("250us"));
        QCOMPARE(QString::fromStdString(io::formatDuration(1.5)), QString("1.5s"));
    }
};

QTEST_GUILESS_MAIN(TestUnits)
#include "tst_units.moc"
