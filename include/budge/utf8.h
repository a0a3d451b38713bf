/* SPDX-License-Identifier: MIT */
/* Text that must be valid UTF-8 and short, such as D-Bus error messages
 * (sd-bus refuses to send a string that is not valid UTF-8). Pure. */
#ifndef BUDGE_UTF8_H
#define BUDGE_UTF8_H

#include <stddef.h>

/* Copy src into dst (dstsize > 0 bytes, always NUL-terminated) as valid
 * UTF-8 of at most max bytes (not counting the NUL): each byte that is not
 * part of a valid UTF-8 character (stray, overlong, surrogate, past
 * U+10FFFF, cut short), and each byte of a noncharacter (U+FDD0..U+FDEF,
 * U+nFFFE, U+nFFFF, which sd-bus refuses to send), becomes the four
 * characters "\xHH"; a control
 * character other than tab and newline becomes "\xHH" too. The copy stops
 * before a character (or escape) that would not fit, and then ends with
 * "..." within max. Returns the length written. */
size_t budge_utf8_clip(char *dst, size_t dstsize, const char *src, size_t max);

#endif
