#pragma once

#include <ostream>
#include <string>
#include <vector>

namespace casebook::cli {

// Each command takes the arguments after its name, writes to `out`, and returns the
// process exit code. UsageError -> 2; other exceptions -> 1 (handled in main).
int runImport(const std::vector<std::string>& args, std::ostream& out);
int runStats(const std::vector<std::string>& args, std::ostream& out);
int runTraces(const std::vector<std::string>& args, std::ostream& out);
int runTrace(const std::vector<std::string>& args, std::ostream& out);
int runLogs(const std::vector<std::string>& args, std::ostream& out);
int runChanges(const std::vector<std::string>& args, std::ostream& out);
int runSql(const std::vector<std::string>& args, std::ostream& out);
int runGenerate(const std::vector<std::string>& args, std::ostream& out);
int runFormats(const std::vector<std::string>& args, std::ostream& out);
int runRejected(const std::vector<std::string>& args, std::ostream& out);
int runMetrics(const std::vector<std::string>& args, std::ostream& out);
int runSlo(const std::vector<std::string>& args, std::ostream& out);
int runFindings(const std::vector<std::string>& args, std::ostream& out);
int runRunbook(const std::vector<std::string>& args, std::ostream& out);
int runTimeline(const std::vector<std::string>& args, std::ostream& out);
int runLineage(const std::vector<std::string>& args, std::ostream& out);
int runPin(const std::vector<std::string>& args, std::ostream& out);

} // namespace casebook::cli
