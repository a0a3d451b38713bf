/* SPDX-License-Identifier: MIT */
/* Valid, bounded UTF-8 out of arbitrary bytes (include/budge/utf8.h). */
#include "budge/utf8.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

/* The length of the valid UTF-8 character at s (1-4), or 0 if the bytes
 * there are not one (RFC 3629: no overlongs, no surrogates, <= U+10FFFF). */
static size_t char_len(const unsigned char *s)
{
	unsigned char c = s[0];

	if (c < 0x80)
		return 1;
	if (c >= 0xc2 && c <= 0xdf)
		return (s[1] & 0xc0) == 0x80 ? 2 : 0;
	if (c >= 0xe0 && c <= 0xef) {
		unsigned char lo = c == 0xe0 ? 0xa0 : 0x80, hi = c == 0xed ? 0x9f : 0xbf;
		return s[1] >= lo && s[1] <= hi && (s[2] & 0xc0) == 0x80 ? 3 : 0;
	}
	if (c >= 0xf0 && c <= 0xf4) {
		unsigned char lo = c == 0xf0 ? 0x90 : 0x80, hi = c == 0xf4 ? 0x8f : 0xbf;
		return s[1] >= lo && s[1] <= hi && (s[2] & 0xc0) == 0x80 &&
		               (s[3] & 0xc0) == 0x80
		           ? 4
		           : 0;
	}
	return 0;
}

/* A noncharacter (U+FDD0..U+FDEF, U+nFFFE, U+nFFFF): valid UTF-8 that
 * sd-bus, like systemd's utf8_is_valid(), refuses to send. */
static bool noncharacter(const unsigned char *s, size_t len)
{
	uint32_t cp = len == 3 ? (uint32_t)(s[0] & 0x0f) << 12 | (uint32_t)(s[1] & 0x3f) << 6 |
	                             (s[2] & 0x3f)
	              : len == 4 ? (uint32_t)(s[0] & 0x07) << 18 | (uint32_t)(s[1] & 0x3f) << 12 |
	                               (uint32_t)(s[2] & 0x3f) << 6 | (s[3] & 0x3f)
	                         : 0;
	return (cp >= 0xfdd0 && cp <= 0xfdef) || (cp & 0xfffe) == 0xfffe;
}

/* How many bytes src takes once its bad bytes are escaped; *escape is
 * set for the character at s. */
static size_t piece(const unsigned char *s, size_t *in)
{
	size_t len = char_len(s);
	if (len >= 3 && noncharacter(s, len))
		len = 0; /* its bytes are escaped one by one */
	bool escape = len == 0 || (*s < 0x20 && *s != '\t' && *s != '\n') || *s == 0x7f;
	*in = escape ? 1 : len;
	return escape ? 4 : len;
}

size_t budge_utf8_clip(char *dst, size_t dstsize, const char *src, size_t max)
{
	const unsigned char *s = (const unsigned char *)src;
	size_t n = 0, in, total = 0, limit = max < dstsize - 1 ? max : dstsize - 1;

	for (const unsigned char *p = s; *p; p += in)
		total += piece(p, &in);
	/* all of it, or as much as fits before "..." */
	size_t room = total <= limit ? limit : limit >= 3 ? limit - 3 : limit;
	while (*s) {
		size_t need = piece(s, &in);
		if (n + need > room) {
			if (limit >= 3) {
				memcpy(dst + n, "...", 3);
				n += 3;
			}
			break;
		}
		if (need == 4 && in == 1)
			snprintf(dst + n, 5, "\\x%02x", *s);
		else
			memcpy(dst + n, s, in);
		s += in;
		n += need;
	}
	dst[n] = '\0';
	return n;
}
