#include "sceneio.h"
