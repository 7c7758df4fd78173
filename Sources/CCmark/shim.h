// libcmark, Debian's libcmark-dev, imported without its short (unprefixed) names.
#define CMARK_NO_SHORT_NAMES 1
#include <cmark.h>
