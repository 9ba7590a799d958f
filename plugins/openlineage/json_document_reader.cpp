#include "plugins/openlineage/json_document_reader.h"

#include "core/util/json_structure.h"

#include <fstream>
#include <string_view>

namespace casebook {

std::string jsonParseErrorReason(const nlohmann::json::exception& error) {
    const std::string what = error.what();
    if (const auto* parse = dynamic_cast<const nlohmann::json::parse_error*>(&error)) {
        const auto column = what.find("column ");
        const auto colon = column == std::string::npos ? column : what.find(": ", column);
        const std::string tail = colon == std::string::npos ? what : what.substr(colon + 2);
        return "invalid JSON at byte " + std::to_string(parse->byte) + ": " + tail;
    }
    // Not a syntax error but a value JSON cannot hold here, e.g. a number too large.
    const auto bracket = what.find("] ");
    return "invalid JSON: " + (bracket == std::string::npos ? what : what.substr(bracket + 2));
}

namespace {

constexpr std::size_t kChunk = std::size_t{1} << 20;
constexpr std::uint64_t kProgressStep = std::uint64_t{4} << 20;
constexpr std::string_view kBom = "\xEF\xBB\xBF";

// A window on the file: bytes before `keep` (the start of a value being read) are dropped
// when more are read.
class Cursor {
public:
    explicit Cursor(std::ifstream& in) : in_(in) {}

    bool more() { return pos_ < buf_.size() || fill(); }
    char peek() const { return buf_[pos_]; }
    void advance() {
        if (buf_[pos_] == '\n')
            ++line_;
        ++pos_;
    }
    // Moves to the next byte that is not blank; false at the end of the file.
    bool skipSpace() {
        while (more()) {
            if (!jsonIsSpace(peek()))
                return true;
            advance();
        }
        return false;
    }
    void skipBom() {
        if (more() && buf_.size() - pos_ >= kBom.size() &&
            std::string_view(buf_).substr(pos_, kBom.size()) == kBom)
            pos_ += kBom.size();
    }
    std::uint64_t line() const { return line_; }
    std::uint64_t offset() const { return base_ + pos_; }
    bool readFailed() const { return in_.bad(); }

    enum class Scan { Ok, Broken, Truncated, TooLarge };
    // One JSON value from here; `text` stays valid until the cursor reads on.
    Scan value(std::string_view& text, std::string& error, bool& multiline) {
        JsonValueScanner scanner;
        if (!scanner.start(peek())) {
            error = "unexpected " + jsonDescribeByte(peek());
            return Scan::Broken;
        }
        keep_ = pos_;
        std::size_t at = pos_ + 1;
        std::size_t end = 0;
        while (true) {
            const std::size_t stop = scanner.scan(buf_.data(), at, buf_.size());
            if (scanner.failed()) {
                error = scanner.error();
                keep_ = kNone;
                return Scan::Broken;
            }
            if (scanner.done()) {
                end = stop;
                break;
            }
            if (buf_.size() - keep_ > JsonDocumentReader::kMaxDocumentBytes) {
                keep_ = kNone;
                return Scan::TooLarge;
            }
            const std::size_t scanned = buf_.size() - keep_;
            if (!fill()) {
                if (scanner.scalarPending()) { // a bare number at the end of the file
                    end = buf_.size();
                    break; // keep_ still marks where the value starts
                }
                keep_ = kNone;
                return Scan::Truncated;
            }
            at = keep_ + scanned; // fill() moved the value to the front
        }
        const std::size_t start = keep_;
        keep_ = kNone;
        text = std::string_view(buf_).substr(start, end - start);
        std::uint64_t newlines = 0;
        for (char ch : text)
            newlines += ch == '\n';
        multiline = newlines > 0;
        line_ += newlines;
        pos_ = end;
        return Scan::Ok;
    }

    // The rest of the current line without its line break; `terminated` is false for a
    // last line without one. False at the end of the file.
    bool lineText(std::string_view& text, bool& terminated, bool& tooLarge) {
        if (!more())
            return false;
        keep_ = pos_;
        std::size_t searched = pos_;
        while (true) {
            const auto newline = buf_.find('\n', searched);
            if (newline != std::string::npos) {
                text = std::string_view(buf_).substr(keep_, newline - keep_);
                terminated = true;
                pos_ = newline + 1;
                break;
            }
            if (buf_.size() - keep_ > JsonDocumentReader::kMaxDocumentBytes) {
                tooLarge = true;
                keep_ = kNone;
                return false;
            }
            const std::size_t scanned = buf_.size() - keep_;
            if (!fill()) {
                text = std::string_view(buf_).substr(keep_);
                terminated = false;
                pos_ = buf_.size();
                break;
            }
            searched = keep_ + scanned;
        }
        keep_ = kNone;
        ++line_;
        if (!text.empty() && text.back() == '\r')
            text.remove_suffix(1);
        return true;
    }

private:
    static constexpr std::size_t kNone = static_cast<std::size_t>(-1);

    bool fill() {
        const std::size_t drop = keep_ == kNone ? pos_ : keep_;
        buf_.erase(0, drop);
        base_ += drop;
        pos_ -= drop;
        if (keep_ != kNone)
            keep_ = 0;
        const std::size_t had = buf_.size();
        buf_.resize(had + kChunk);
        in_.read(buf_.data() + had, static_cast<std::streamsize>(kChunk));
        buf_.resize(had + static_cast<std::size_t>(in_.gcount()));
        return buf_.size() > had;
    }

    std::ifstream& in_;
    std::string buf_;
    std::size_t pos_ = 0;
    std::size_t keep_ = kNone;
    std::uint64_t base_ = 0;
    std::uint64_t line_ = 1;
};

class Reading {
public:
    Reading(Cursor& cursor, const ImportContext& context,
            const JsonDocumentReader::OnDocument& onDocument,
            const JsonDocumentReader::OnBroken& onBroken)
        : c_(cursor), context_(context), onDocument_(onDocument), onBroken_(onBroken) {}

    FileOutcome run() {
        c_.skipBom();
        if (!c_.skipSpace())
            return outcome_;
        if (c_.peek() == '[')
            readArray();
        else
            readDocuments();
        if (context_.onBytes)
            context_.onBytes(c_.offset());
        if (c_.readFailed() && !outcome_.partial)
            breakOff("the file could not be read to its end");
        return outcome_;
    }

private:
    void breakOff(std::string reason) {
        outcome_.partial = true;
        outcome_.error = std::move(reason);
    }
    bool stopped() {
        if (context_.stop.stop_requested()) {
            breakOff("cancelled");
            return true;
        }
        if (context_.onBytes && c_.offset() - reported_ >= kProgressStep) {
            reported_ = c_.offset();
            context_.onBytes(reported_);
        }
        return false;
    }

    // Parses one document and hands it over; false when it is not JSON.
    bool deliver(std::string_view text, const std::string& location,
                 std::string* parseError = nullptr) {
        nlohmann::json document;
        try {
            document = nlohmann::json::parse(text);
        } catch (const nlohmann::json::exception& error) {
            if (parseError)
                *parseError = jsonParseErrorReason(error);
            else
                onBroken_(location, jsonParseErrorReason(error));
            return false;
        }
        onDocument_(document, location);
        return true;
    }

    // A value the scanner stopped on; true when it was read.
    bool scanned(Cursor::Scan scan, const std::string& location, const std::string& error) {
        switch (scan) {
        case Cursor::Scan::Ok:
            return true;
        case Cursor::Scan::Broken:
            breakOff("broken JSON in " + location + ": " + error +
                     "; the rest of the file was not read");
            return false;
        case Cursor::Scan::Truncated:
            breakOff("the file ends inside " + location);
            return false;
        case Cursor::Scan::TooLarge:
            breakOff(location + " is larger than " +
                     std::to_string(JsonDocumentReader::kMaxDocumentBytes >> 20) +
                     " MiB; the rest of the file was not read");
            return false;
        }
        return false;
    }

    static std::string eventLocation(std::size_t index, std::uint64_t line) {
        return "event " + std::to_string(index) + " (line " + std::to_string(line) + ")";
    }

    void readArray() {
        const std::uint64_t opened = c_.line();
        c_.advance();
        if (!c_.skipSpace()) {
            breakOff("the file ends inside the array opened at line " + std::to_string(opened));
            return;
        }
        if (c_.peek() == ']') {
            c_.advance();
            trailing();
            return;
        }
        for (std::size_t index = 1;; ++index) {
            if (stopped())
                return;
            const std::string location = eventLocation(index, c_.line());
            std::string_view text;
            std::string error;
            bool multiline = false;
            if (!scanned(c_.value(text, error, multiline), location, error))
                return;
            deliver(text, location);
            if (!c_.skipSpace()) {
                breakOff("the file ends after event " + std::to_string(index) +
                         ": the array is not closed");
                return;
            }
            const char next = c_.peek();
            const std::uint64_t line = c_.line();
            c_.advance();
            if (next == ']')
                break;
            if (next != ',' || !c_.skipSpace()) {
                breakOff(next == ',' ? "the file ends after a ',' at line " + std::to_string(line)
                                     : "expected ',' or ']' after event " + std::to_string(index) +
                                           " at line " + std::to_string(line) + ", found " +
                                           jsonDescribeByte(next));
                return;
            }
        }
        trailing();
    }

    void trailing() {
        if (c_.skipSpace())
            onBroken_("line " + std::to_string(c_.line()),
                      "content after the closing ']' of the array was ignored");
    }

    void readDocuments() {
        const std::uint64_t firstLine = c_.line();
        std::string_view text;
        std::string error;
        bool multiline = false;
        if (!scanned(c_.value(text, error, multiline),
                     "the document at line " + std::to_string(firstLine), error))
            return;
        // Whether more follows decides how the first document is named, so it is kept
        // until the cursor has looked past it.
        const std::string first(text);
        const bool more = c_.skipSpace();
        deliver(first, more && multiline ? eventLocation(1, firstLine)
                                         : "line " + std::to_string(firstLine));
        if (!more)
            return;
        if (multiline)
            readConcatenated();
        else
            readLines();
    }

    // JSON lines: one document per line; a bad line is rejected and the next one read.
    void readLines() {
        std::string_view line;
        bool terminated = true;
        bool tooLarge = false;
        while (true) {
            if (stopped())
                return;
            const std::uint64_t number = c_.line();
            if (!c_.lineText(line, terminated, tooLarge))
                break;
            if (line.find_first_not_of(" \t\r") == std::string_view::npos)
                continue;
            const std::string location = "line " + std::to_string(number);
            // The scanner bounds the nesting before a parser recurses into it.
            JsonValueScanner depth;
            const auto start = line.find_first_not_of(" \t");
            if (depth.start(line[start])) {
                depth.scan(line.data(), start + 1, line.size());
                if (depth.failed()) {
                    onBroken_(location, "invalid JSON: " + depth.error());
                    continue;
                }
            }
            std::string parseError;
            if (!deliver(line, location, &parseError)) {
                if (!terminated) {
                    // The last line broke off without its line break: the file was cut.
                    breakOff(parseError + " (" + location + ", the last line)");
                    return;
                }
                onBroken_(location, parseError);
            }
        }
        if (tooLarge)
            breakOff("line " + std::to_string(c_.line()) + " is longer than " +
                     std::to_string(JsonDocumentReader::kMaxDocumentBytes >> 20) +
                     " MiB; the rest of the file was not read");
    }

    // Pretty-printed documents one after another.
    void readConcatenated() {
        for (std::size_t index = 2;; ++index) {
            if (stopped())
                return;
            const std::string location = eventLocation(index, c_.line());
            std::string_view text;
            std::string error;
            bool multiline = false;
            if (!scanned(c_.value(text, error, multiline), location, error))
                return;
            deliver(text, location);
            if (!c_.skipSpace())
                return;
        }
    }

    Cursor& c_;
    const ImportContext& context_;
    const JsonDocumentReader::OnDocument& onDocument_;
    const JsonDocumentReader::OnBroken& onBroken_;
    FileOutcome outcome_;
    std::uint64_t reported_ = 0;
};

} // namespace

FileOutcome JsonDocumentReader::read(const std::filesystem::path& file,
                                     const ImportContext& context, const OnDocument& onDocument,
                                     const OnBroken& onBroken) {
    std::ifstream in(file, std::ios::binary);
    if (!in) {
        FileOutcome outcome;
        outcome.error = "cannot read " + file.filename().string();
        return outcome;
    }
    Cursor cursor(in);
    return Reading(cursor, context, onDocument, onBroken).run();
}

} // namespace casebook
