#pragma once
// casebook-cli (CASEBOOK_CLI_PATH) run as a process, for the tests of its commands: the
// exit code and both streams, the output read as JSON on request.

#include <QByteArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QProcessEnvironment>
#include <QStringList>

namespace casebook::test {

struct CliRun {
    int exitCode = -1;
    QByteArray out, err;
    QJsonDocument json() const { return QJsonDocument::fromJson(out); }
    QJsonObject object() const { return json().object(); }
};

// Five minutes at most: the longest commands import benchmark-sized bundles.
inline CliRun cli(const QStringList& args,
                  const QProcessEnvironment& env = QProcessEnvironment::systemEnvironment()) {
    QProcess p;
    p.setProcessEnvironment(env);
    p.start(QStringLiteral(CASEBOOK_CLI_PATH), args);
    if (!p.waitForFinished(300000))
        qFatal("casebook-cli did not finish");
    return {p.exitCode(), p.readAllStandardOutput(), p.readAllStandardError()};
}

} // namespace casebook::test
