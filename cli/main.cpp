// Placeholder; the foundation work replaces this with the real command line.
#include <cstdio>
int main() { std::puts("eqsat-wasm (skeleton)"); return 0; }
