// casebook-layout: lays one lineage graph out with Graphviz in a process of its own, so
// that the workbench can abandon a layout that takes too long (core/layout/layout_process.h).
#include "core/layout/layout_process.h"

int main(int argc, char** argv) {
    return casebook::runLayoutHelper(argc, argv);
}
