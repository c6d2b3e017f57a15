#include <stdio.h>
int main(void) { puts("hello from configure"); return 0; }
