// A shared library that happens to sit in the plugin folder but is no Casebook plugin.
extern "C" __attribute__((visibility("default"))) int some_other_library_function() {
    return 42;
}
