// Bundles that are archives: each format imports like the folder it holds, the same
// bundle as folder and as archive is one bundle, and hostile or broken archives are
// refused with the entry named, nothing written and no temporary folder left behind.
// Every archive is made here with libarchive's write API (archive_fixture.h).
#include "archive_fixture.h"

#include "core/import/bundle_import.h"
#include "core/import/importer_registry.h"
#include "core/store/workspace.h"
#include "plugins/builtin_importers.h"

#include <QTemporaryDir>
#include <QtTest>
#include <fstream>

using namespace casebook;
using namespace casebook::test;
namespace fs = std::filesystem;

Q_DECLARE_METATYPE(casebook::test::ArchiveFormat)
Q_DECLARE_METATYPE(std::vector<casebook::test::ArchiveEntry>)

namespace {

void writeFile(const fs::path& path, const std::string& text) {
    fs::create_directories(path.parent_path());
    std::ofstream(path, std::ios::binary) << text;
}

std::string readFile(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), {});
}

std::int64_t count(Workspace& ws, const char* table) {
    return ws.db().scalarInt(std::string("SELECT count(*) FROM ") + table);
}

// The bundle most tests use: 5 spans in 2 traces and 1 change, in two folders.
std::vector<ArchiveEntry> goodEntries() {
    return {
        fileEntry("traces.jsonl", spanLine("web", "acme", 1, 3) + spanLine("api", "acme", 2, 2)),
        folderEntry("changes/"), fileEntry("changes/deploys.jsonl", changeLine("web 1.2"))};
}

const char* extension(ArchiveFormat format) {
    switch (format) {
    case ArchiveFormat::Zip:
        return ".zip";
    case ArchiveFormat::Tar:
        return ".tar";
    case ArchiveFormat::TarGz:
        return ".tar.gz";
    case ArchiveFormat::TarZst:
        return ".tar.zst";
    case ArchiveFormat::TarXz:
        return ".tar.xz";
    case ArchiveFormat::TarBz2:
        return ".tar.bz2";
    }
    return "";
}

QString text(const std::string& s) {
    return QString::fromStdString(s);
}

} // namespace

class TestArchiveBundles : public QObject {
    Q_OBJECT
    QTemporaryDir dir;
    ImporterRegistry registry;
    int serial = 0;

    fs::path root() const { return fs::path(dir.path().toStdString()); }
    // Where extraction folders are made; every test checks it is empty afterwards.
    fs::path scratch() const { return root() / "scratch"; }
    BundleImportOptions options() const {
        BundleImportOptions o;
        o.archiveLimits.extractionParent = scratch();
        return o;
    }
    bool scratchIsEmpty() const { return fs::is_empty(scratch()); }
    std::unique_ptr<Workspace> freshWorkspace() {
        return Workspace::open(root() / ("ws" + std::to_string(++serial) + ".casebook"));
    }

    // A workspace holding one folder bundle, to show that a refused archive adds nothing.
    std::unique_ptr<Workspace> workspaceWithOneBundle() {
        auto ws = freshWorkspace();
        const auto folder = root() / ("base" + std::to_string(serial));
        writeFile(folder / "base.jsonl", spanLine("base", "acme", 40, 2));
        const auto report = importBundle(*ws, folder, registry, options());
        if (report.status != ImportStatus::Imported)
            qFatal("base bundle did not import: %s", report.error.c_str());
        return ws;
    }

    // What workspaceWithOneBundle() holds, row for row.
    void verifyUnchanged(Workspace& ws) {
        QCOMPARE(count(ws, "bundles"), std::int64_t(1));
        QCOMPARE(count(ws, "spans"), std::int64_t(2));
        QCOMPARE(count(ws, "traces"), std::int64_t(1));
        QCOMPARE(count(ws, "changes"), std::int64_t(0));
        QCOMPARE(count(ws, "import_files"), std::int64_t(1));
        QCOMPARE(ws.tenantNames(), (std::vector<std::string>{"acme", "default"}));
    }

private slots:
    void initTestCase() {
        QVERIFY(dir.isValid());
        registerBuiltinImporters(registry);
        fs::create_directories(scratch());
    }

    void importsEachFormat_data() {
        QTest::addColumn<ArchiveFormat>("format");
        QTest::newRow("zip") << ArchiveFormat::Zip;
        QTest::newRow("tar") << ArchiveFormat::Tar;
        QTest::newRow("tar.gz") << ArchiveFormat::TarGz;
        QTest::newRow("tar.zst") << ArchiveFormat::TarZst;
        QTest::newRow("tar.xz") << ArchiveFormat::TarXz;
        QTest::newRow("tar.bz2") << ArchiveFormat::TarBz2;
    }
    void importsEachFormat() {
        QFETCH(ArchiveFormat, format);
        const auto archive = root() / (std::string("incident-42") + extension(format));
        const auto written = writeArchive(archive, format, goodEntries());
        if (format == ArchiveFormat::TarZst && !written.empty())
            QSKIP(
                qPrintable(QStringLiteral("this libarchive cannot write zstd: ") + text(written)));
        QVERIFY2(written.empty(), written.c_str());
        auto ws = freshWorkspace();
        const auto report = importBundle(*ws, archive, registry, options());
        QVERIFY2(report.status == ImportStatus::Imported, report.error.c_str());
        QCOMPARE(report.spans, 5u);
        QCOMPARE(report.changes, 1u);
        QCOMPARE(report.files.size(), std::size_t(2));
        QCOMPARE(text(report.files[0].path), QStringLiteral("changes/deploys.jsonl"));
        QCOMPARE(text(report.files[1].path), QStringLiteral("traces.jsonl"));
        QCOMPARE(text(report.files[1].format), QStringLiteral("otlp-json"));
        // Named after the archive, found where the archive is.
        QCOMPARE(text(report.bundleName), QStringLiteral("incident-42"));
        QCOMPARE(text(report.sourcePath), text(archive.string()));
        auto row = ws->db().prepare("SELECT name, source_path FROM bundles");
        QVERIFY(row.step());
        QCOMPARE(text(row.text(0)), text(report.bundleName));
        QCOMPARE(text(row.text(1)), text(archive.string()));
        QCOMPARE(count(*ws, "spans"), std::int64_t(5));
        QCOMPARE(count(*ws, "traces"), std::int64_t(2));
        QVERIFY(scratchIsEmpty());
    }

    void recognisedByContentNotName() {
        // A zip called .json, and a JSON file called .zip.
        const auto zip = root() / "looks-like.json";
        QCOMPARE(writeArchive(zip, ArchiveFormat::Zip, goodEntries()), std::string());
        const auto notZip = root() / "not-an-archive.zip";
        writeFile(notZip, spanLine("web", "acme", 1, 1));
        auto ws = freshWorkspace();
        const auto report = importBundle(*ws, zip, registry, options());
        QVERIFY2(report.status == ImportStatus::Imported, report.error.c_str());
        QCOMPARE(report.spans, 5u);
        const auto refused = importBundle(*ws, notZip, registry, options());
        QCOMPARE(refused.status, ImportStatus::Failed);
        QVERIFY2(text(refused.error)
                     .contains(QStringLiteral("is neither a bundle folder nor an archive")),
                 refused.error.c_str());
        // An empty file is not an archive either.
        writeFile(root() / "empty.tar", "");
        QCOMPARE(importBundle(*ws, root() / "empty.tar", registry, options()).status,
                 ImportStatus::Failed);
        QCOMPARE(count(*ws, "bundles"), std::int64_t(1));
        QVERIFY(scratchIsEmpty());
    }

    void importsOneCompressedFile() {
        const auto gz = root() / "traces.jsonl.gz";
        QCOMPARE(writeGzipFile(gz, spanLine("web", "acme", 1, 3) + spanLine("api", "acme", 2, 4)),
                 std::string());
        auto ws = freshWorkspace();
        const auto report = importBundle(*ws, gz, registry, options());
        QVERIFY2(report.status == ImportStatus::Imported, report.error.c_str());
        QCOMPARE(report.spans, 7u);
        QCOMPARE(report.files.size(), std::size_t(1));
        // The file is named as gunzip would name it.
        QCOMPARE(text(report.files[0].path), QStringLiteral("traces.jsonl"));
        QCOMPARE(text(report.bundleName), QStringLiteral("traces.jsonl"));
        QVERIFY(scratchIsEmpty());
    }

    void sameBundleAsFolderOrArchiveIsOneBundle() {
        const auto folder = root() / "same";
        for (const auto& e : goodEntries())
            if (e.type == AE_IFREG)
                writeFile(folder / e.name, e.data);
        auto ws = freshWorkspace();
        QCOMPARE(importBundle(*ws, folder, registry, options()).status, ImportStatus::Imported);
        // The folder's content as the archive's root ...
        const auto tgz = root() / "same.tgz";
        QCOMPARE(writeArchive(tgz, ArchiveFormat::TarGz, goodEntries()), std::string());
        QCOMPARE(importBundle(*ws, tgz, registry, options()).status, ImportStatus::AlreadyImported);
        // ... or the folder itself, as "Compress" in a file manager or `tar -C` makes it,
        // with "./" prefixes and a macOS resource fork folder beside it.
        std::vector<ArchiveEntry> wrapped{folderEntry("./same/")};
        for (auto e : goodEntries()) {
            e.name = "./same/" + e.name;
            wrapped.push_back(e);
        }
        wrapped.push_back(fileEntry("__MACOSX/same/._traces.jsonl", "resource fork"));
        const auto zip = root() / "same-wrapped.zip";
        QCOMPARE(writeArchive(zip, ArchiveFormat::Zip, wrapped), std::string());
        QCOMPARE(importBundle(*ws, zip, registry, options()).status, ImportStatus::AlreadyImported);
        QCOMPARE(count(*ws, "bundles"), std::int64_t(1));
        QCOMPARE(count(*ws, "spans"), std::int64_t(5));

        // The other way round: archive first, then the folder.
        auto ws2 = freshWorkspace();
        QCOMPARE(importBundle(*ws2, zip, registry, options()).status, ImportStatus::Imported);
        QCOMPARE(importBundle(*ws2, folder, registry, options()).status,
                 ImportStatus::AlreadyImported);
        // A compressed file is the same bundle as a folder holding that one file.
        const auto single = root() / "single";
        writeFile(single / "t.jsonl", spanLine("web", "acme", 9, 2));
        QCOMPARE(importBundle(*ws2, single, registry, options()).status, ImportStatus::Imported);
        QCOMPARE(writeGzipFile(root() / "t.jsonl.gz", readFile(single / "t.jsonl")), std::string());
        QCOMPARE(importBundle(*ws2, root() / "t.jsonl.gz", registry, options()).status,
                 ImportStatus::AlreadyImported);
        QCOMPARE(count(*ws2, "bundles"), std::int64_t(2));
        QVERIFY(scratchIsEmpty());
    }

    void manifestInsideTheArchiveApplies() {
        auto entries = goodEntries();
        entries.push_back(fileEntry(
            "manifest.json", "{\"name\": \"support case 4711\", \"default_tenant\": \"initech\"}"));
        const auto zip = root() / "case.zip";
        QCOMPARE(writeArchive(zip, ArchiveFormat::Zip, entries), std::string());
        auto ws = freshWorkspace();
        const auto report = importBundle(*ws, zip, registry, options());
        QVERIFY2(report.status == ImportStatus::Imported, report.error.c_str());
        QCOMPARE(text(report.bundleName), QStringLiteral("support case 4711"));
        QCOMPARE(report.files.size(), std::size_t(2)); // the manifest is not telemetry
        // The change carries no tenant: it takes the manifest's default.
        QVERIFY(ws->findTenant("initech"));
        QVERIFY(scratchIsEmpty());
    }

    void hostileArchivesAreRefused_data() {
        QTest::addColumn<ArchiveFormat>("format");
        QTest::addColumn<std::vector<ArchiveEntry>>("hostile");
        QTest::addColumn<QString>("entry");
        QTest::addColumn<QString>("reason");
        using V = std::vector<ArchiveEntry>;
        const auto tgz = ArchiveFormat::TarGz;
        const auto zip = ArchiveFormat::Zip;
        const std::string line = spanLine("evil", "other-customer", 7, 1);
        QTest::newRow("absolute path")
            << tgz << V{fileEntry("/tmp/evil.jsonl", line)} << QStringLiteral("/tmp/evil.jsonl")
            << QStringLiteral("absolute path");
        QTest::newRow("absolute path in zip")
            << zip << V{fileEntry("/tmp/evil.jsonl", line)} << QStringLiteral("/tmp/evil.jsonl")
            << QStringLiteral("absolute path");
        QTest::newRow("dot-dot") << tgz << V{fileEntry("../evil.jsonl", line)}
                                 << QStringLiteral("../evil.jsonl")
                                 << QStringLiteral("\"..\" component");
        QTest::newRow("dot-dot inside")
            << zip << V{fileEntry("a/../../evil.jsonl", line)}
            << QStringLiteral("a/../../evil.jsonl") << QStringLiteral("\"..\" component");
        QTest::newRow("symlink out")
            << tgz << V{symlinkEntry("link.jsonl", "/etc/passwd")} << QStringLiteral("link.jsonl")
            << QStringLiteral("symbolic link to \"/etc/passwd\"");
        QTest::newRow("relative symlink out")
            << tgz << V{symlinkEntry("link.jsonl", "../../secret.jsonl")}
            << QStringLiteral("link.jsonl") << QStringLiteral("symbolic link");
        QTest::newRow("symlink in zip")
            << zip << V{symlinkEntry("link.jsonl", "/etc/passwd")} << QStringLiteral("link.jsonl")
            << QStringLiteral("symbolic link");
        QTest::newRow("hard link")
            << tgz << V{hardlinkEntry("hard.jsonl", "traces.jsonl")} << QStringLiteral("hard.jsonl")
            << QStringLiteral("hard link to \"traces.jsonl\"");
        QTest::newRow("character device")
            << tgz << V{specialEntry("dev/null", AE_IFCHR)} << QStringLiteral("dev/null")
            << QStringLiteral("character device");
        QTest::newRow("block device")
            << tgz << V{specialEntry("dev/sda", AE_IFBLK)} << QStringLiteral("dev/sda")
            << QStringLiteral("block device");
        QTest::newRow("fifo") << tgz << V{specialEntry("pipe", AE_IFIFO)} << QStringLiteral("pipe")
                              << QStringLiteral("FIFO");
        QTest::newRow("duplicate")
            << tgz << V{fileEntry("traces.jsonl", line)} << QStringLiteral("traces.jsonl")
            << QStringLiteral("appears twice");
        QTest::newRow("duplicate after normalising")
            << zip << V{fileEntry("./changes//deploys.jsonl", line)}
            << QStringLiteral("./changes//deploys.jsonl") << QStringLiteral("appears twice");
        QTest::newRow("below a file")
            << tgz << V{fileEntry("traces.jsonl/x.jsonl", line)}
            << QStringLiteral("traces.jsonl/x.jsonl") << QStringLiteral("which is a file");
        QTest::newRow("not UTF-8")
            << tgz << V{fileEntry("caf\xE9.jsonl", line)} << QStringLiteral("caf\\xE9.jsonl")
            << QStringLiteral("not valid UTF-8");
        QTest::newRow("name too long")
            << zip << V{fileEntry(std::string(5000, 'x'), line)} << QString(5000, QLatin1Char('x'))
            << QStringLiteral("longer than 4096 bytes");
        QTest::newRow("component too long")
            << tgz << V{fileEntry("a/" + std::string(300, 'y'), line)}
            << QStringLiteral("a/") + QString(300, QLatin1Char('y'))
            << QStringLiteral("component longer than 255 bytes");
        QTest::newRow("control character")
            << tgz << V{fileEntry("a\nb.jsonl", line)} << QStringLiteral("a\\x0Ab.jsonl")
            << QStringLiteral("control character");
        // 50 MB of zeros are a few tens of KB compressed: far beyond 200:1.
        QTest::newRow("compression bomb")
            << tgz << V{zerosEntry("zeros.bin", 50'000'000)} << QStringLiteral("zeros.bin")
            << QStringLiteral("200 times its own size");
        QTest::newRow("compression bomb in zip")
            << zip << V{zerosEntry("zeros.bin", 50'000'000)} << QStringLiteral("zeros.bin")
            << QStringLiteral("200 times its own size");
    }
    void hostileArchivesAreRefused() {
        QFETCH(ArchiveFormat, format);
        QFETCH(std::vector<ArchiveEntry>, hostile);
        QFETCH(QString, entry);
        QFETCH(QString, reason);
        // Good entries first, so that the refusal comes after files were extracted.
        auto entries = goodEntries();
        entries.insert(entries.end(), hostile.begin(), hostile.end());
        const auto archive = root() / (std::string("hostile") + extension(format));
        QCOMPARE(writeArchive(archive, format, entries), std::string());
        auto ws = workspaceWithOneBundle();
        const auto report = importBundle(*ws, archive, registry, options());
        QCOMPARE(report.status, ImportStatus::Failed);
        const auto error = text(report.error);
        QVERIFY2(error.startsWith(QStringLiteral("archive refused, the workspace is unchanged")),
                 report.error.c_str());
        QVERIFY2(error.contains(QStringLiteral("entry \"") + entry + u'"'), report.error.c_str());
        QVERIFY2(error.contains(reason), report.error.c_str());
        verifyUnchanged(*ws);
        QVERIFY(scratchIsEmpty());
    }

    void socketIsRefused() {
        // Neither tar nor libarchive's zip writer stores sockets, but a zip's central
        // directory can claim any Unix mode: write a file entry and make it a socket.
        const auto zip = root() / "socket.zip";
        auto entries = goodEntries();
        entries.push_back(fileEntry("sock", "x"));
        QCOMPARE(writeArchive(zip, ArchiveFormat::Zip, entries), std::string());
        std::string bytes = readFile(zip);
        const auto header = bytes.rfind(std::string("PK\x01\x02", 4));
        QVERIFY(header != std::string::npos);
        QCOMPARE(bytes.substr(header + 46, 4), std::string("sock"));
        QCOMPARE(static_cast<unsigned char>(bytes[header + 5]), 3u); // made by Unix
        const unsigned mode = 0140644;                               // S_IFSOCK | 0644
        bytes[header + 40] = static_cast<char>(mode & 0xFF);
        bytes[header + 41] = static_cast<char>(mode >> 8);
        writeFile(zip, bytes);
        auto ws = workspaceWithOneBundle();
        const auto report = importBundle(*ws, zip, registry, options());
        QCOMPARE(report.status, ImportStatus::Failed);
        QVERIFY2(text(report.error).contains(QStringLiteral("entry \"sock\" is a socket")),
                 report.error.c_str());
        verifyUnchanged(*ws);
        QVERIFY(scratchIsEmpty());
    }

    void limitsAreConfigurable() {
        auto ws = workspaceWithOneBundle();
        const auto archive = root() / "five.tar.gz";
        std::vector<ArchiveEntry> five;
        for (int i = 0; i < 5; ++i)
            five.push_back(
                fileEntry("f" + std::to_string(i) + ".jsonl", spanLine("web", "acme", i, 1)));
        QCOMPARE(writeArchive(archive, ArchiveFormat::TarGz, five), std::string());

        auto tooMany = options();
        tooMany.archiveLimits.maxEntries = 3;
        auto report = importBundle(*ws, archive, registry, tooMany);
        QCOMPARE(report.status, ImportStatus::Failed);
        QVERIFY2(text(report.error)
                     .contains(QStringLiteral(
                         "entry \"f3.jsonl\" takes the archive over 3 entries (the limit)")),
                 report.error.c_str());
        verifyUnchanged(*ws);
        QVERIFY(scratchIsEmpty());

        auto tooBig = options();
        const auto total = 5 * spanLine("web", "acme", 0, 1).size();
        tooBig.archiveLimits.maxTotalBytes = total - 10;
        report = importBundle(*ws, archive, registry, tooBig);
        QCOMPARE(report.status, ImportStatus::Failed);
        QVERIFY2(text(report.error)
                     .contains(QStringLiteral("entry \"f4.jsonl\" takes the archive over ")),
                 report.error.c_str());
        QVERIFY2(text(report.error).contains(QStringLiteral("uncompressed (the limit)")),
                 report.error.c_str());
        verifyUnchanged(*ws);
        QVERIFY(scratchIsEmpty());

        // Folders implied by a path count as entries: they are made on disk too.
        const auto deep = root() / "deep.zip";
        QCOMPARE(writeArchive(deep, ArchiveFormat::Zip,
                              {fileEntry("a/b/c/d/e.jsonl", spanLine("web", "acme", 1, 1))}),
                 std::string());
        report = importBundle(*ws, deep, registry, tooMany);
        QCOMPARE(report.status, ImportStatus::Failed);
        QVERIFY2(text(report.error)
                     .contains(QStringLiteral(
                         "entry \"a/b/c/d/e.jsonl\" takes the archive over 3 entries")),
                 report.error.c_str());
        verifyUnchanged(*ws);
        QVERIFY(scratchIsEmpty());

        // Exactly at the limits is fine.
        auto justFits = options();
        justFits.archiveLimits.maxEntries = 5;
        justFits.archiveLimits.maxTotalBytes = total;
        report = importBundle(*ws, archive, registry, justFits);
        QVERIFY2(report.status == ImportStatus::Imported, report.error.c_str());
        QCOMPARE(report.spans, 5u);
        QVERIFY(scratchIsEmpty());
    }

    void smallRepetitiveArchivesAreNotBombs() {
        // 800 KB of one repeated line compresses far beyond 200:1, but stays under the
        // allowance below which the ratio is not applied.
        std::string lines;
        const auto line = spanLine("web", "acme", 1, 1);
        while (lines.size() + line.size() < 800'000)
            lines += line;
        const auto archive = root() / "repetitive.tar.zst";
        auto written =
            writeArchive(archive, ArchiveFormat::TarZst, {fileEntry("same.jsonl", lines)});
        if (!written.empty())
            QSKIP(
                qPrintable(QStringLiteral("this libarchive cannot write zstd: ") + text(written)));
        QVERIFY(static_cast<double>(lines.size()) / fs::file_size(archive) > 200);
        auto ws = freshWorkspace();
        const auto report = importBundle(*ws, archive, registry, options());
        QVERIFY2(report.status == ImportStatus::Imported, report.error.c_str());
        QVERIFY(scratchIsEmpty());
    }

    void brokenArchivesAreRefused_data() {
        QTest::addColumn<ArchiveFormat>("format");
        QTest::addColumn<QString>("cut"); // truncate, or overwrite the middle
        QTest::newRow("truncated tar") << ArchiveFormat::Tar << QStringLiteral("truncate");
        QTest::newRow("truncated tar.gz") << ArchiveFormat::TarGz << QStringLiteral("truncate");
        QTest::newRow("truncated zip") << ArchiveFormat::Zip << QStringLiteral("truncate");
        QTest::newRow("corrupt tar.gz") << ArchiveFormat::TarGz << QStringLiteral("corrupt");
        QTest::newRow("corrupt zip") << ArchiveFormat::Zip << QStringLiteral("corrupt");
    }
    void brokenArchivesAreRefused() {
        QFETCH(ArchiveFormat, format);
        QFETCH(QString, cut);
        // A large entry of varied lines, so that the damage lands inside its data.
        std::string lines;
        for (int i = 0; i < 3000; ++i)
            lines += spanLine("web-" + std::to_string(i * 7919 % 1000), "acme", i, 2);
        const auto archive = root() / (std::string("broken") + extension(format));
        QCOMPARE(writeArchive(archive, format,
                              {fileEntry("first.jsonl", spanLine("web", "acme", 1, 1)),
                               fileEntry("big.jsonl", lines)}),
                 std::string());
        std::string bytes = readFile(archive);
        if (cut == QStringLiteral("truncate")) {
            bytes.resize(bytes.size() * 6 / 10);
        } else {
            for (std::size_t i = bytes.size() / 2; i < bytes.size() / 2 + 64; ++i)
                bytes[i] = static_cast<char>(bytes[i] ^ 0x5A);
        }
        writeFile(archive, bytes);
        auto ws = workspaceWithOneBundle();
        const auto report = importBundle(*ws, archive, registry, options());
        QCOMPARE(report.status, ImportStatus::Failed);
        QVERIFY2(text(report.error).startsWith(QStringLiteral("archive refused")),
                 report.error.c_str());
        QVERIFY2(text(report.error).contains(QStringLiteral("big.jsonl")), report.error.c_str());
        verifyUnchanged(*ws);
        QVERIFY(scratchIsEmpty());
    }

    void truncatedCompressedFileIsRefused() {
        std::string lines;
        for (int i = 0; i < 2000; ++i)
            lines += spanLine("web-" + std::to_string(i * 7919 % 1000), "acme", i, 2);
        const auto gz = root() / "cut.jsonl.gz";
        QCOMPARE(writeGzipFile(gz, lines), std::string());
        const auto bytes = readFile(gz);
        writeFile(gz, bytes.substr(0, bytes.size() / 2));
        auto ws = workspaceWithOneBundle();
        const auto report = importBundle(*ws, gz, registry, options());
        QCOMPARE(report.status, ImportStatus::Failed);
        QVERIFY2(text(report.error).contains(QStringLiteral("entry \"cut.jsonl\"")),
                 report.error.c_str());
        QVERIFY2(text(report.error).contains(QStringLiteral("truncated gzip input")),
                 report.error.c_str());
        verifyUnchanged(*ws);
        QVERIFY(scratchIsEmpty());
    }

    void cancelWhileExtractingLeavesNothing() {
        const auto archive = root() / "cancel.tar.gz";
        QCOMPARE(writeArchive(archive, ArchiveFormat::TarGz, {zerosEntry("zeros.bin", 20'000'000)}),
                 std::string());
        auto ws = workspaceWithOneBundle();
        std::stop_source stop;
        auto o = options();
        o.stop = stop.get_token();
        o.archiveLimits.maxRatio = 1e6; // not a bomb for this test
        o.onProgress = [&](const ImportProgress& p) {
            QCOMPARE(p.phase, ImportPhase::Checking);
            stop.request_stop();
        };
        const auto report = importBundle(*ws, archive, registry, o);
        QCOMPARE(report.status, ImportStatus::Cancelled);
        verifyUnchanged(*ws);
        QVERIFY(scratchIsEmpty());
    }

    void progressCoversExtractionThenImport() {
        std::string lines;
        for (int i = 0; i < 3000; ++i)
            lines += spanLine("web-" + std::to_string(i * 7919 % 1000), "acme", i, 2);
        const auto archive = root() / "progress.zip";
        QCOMPARE(writeArchive(archive, ArchiveFormat::Zip, {fileEntry("t.jsonl", lines)}),
                 std::string());
        auto ws = freshWorkspace();
        std::vector<ImportProgress> seen;
        auto o = options();
        // While the files are imported, they are in one private casebook-XXXXXX folder.
        std::vector<std::string> extractionFolders;
        o.onProgress = [&](const ImportProgress& p) {
            seen.push_back(p);
            if (p.phase == ImportPhase::Importing && extractionFolders.empty()) {
                for (const auto& e : fs::directory_iterator(scratch())) {
                    extractionFolders.push_back(e.path().filename().string());
                    QCOMPARE(e.status().permissions() & fs::perms::all, fs::perms::owner_all);
                }
            }
        };
        const auto report = importBundle(*ws, archive, registry, o);
        QVERIFY2(report.status == ImportStatus::Imported, report.error.c_str());
        QCOMPARE(report.spans, 6000u);
        QCOMPARE(extractionFolders.size(), std::size_t(1));
        QVERIFY(extractionFolders[0].starts_with("casebook-"));
        QVERIFY(!seen.empty());
        QCOMPARE(seen.front().phase, ImportPhase::Checking);
        // Checking counts the archive's bytes and ends when all of them are read.
        const auto archiveBytes = fs::file_size(archive);
        std::size_t lastChecking = 0;
        for (std::size_t i = 0; i < seen.size(); ++i) {
            if (i > 0) {
                QVERIFY(seen[i].phase >= seen[i - 1].phase);
                if (seen[i].phase == seen[i - 1].phase)
                    QVERIFY(seen[i].bytesDone >= seen[i - 1].bytesDone);
            }
            if (seen[i].phase == ImportPhase::Checking) {
                QCOMPARE(seen[i].bytesTotal, archiveBytes);
                lastChecking = i;
            }
        }
        QCOMPARE(seen[lastChecking].bytesDone, archiveBytes);
        QCOMPARE(seen.back().phase, ImportPhase::Finishing);
        QCOMPARE(seen.back().records, 6000u);
        QVERIFY(scratchIsEmpty());
    }
};

QTEST_APPLESS_MAIN(TestArchiveBundles)
#include "tst_archive_bundles.moc"
