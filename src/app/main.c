#include <stdio.h>
#include "config.h"

int main(void) {
    printf("convanim %s\n", CONVANIM_VERSION);
    return 0;
}
