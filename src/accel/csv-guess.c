/* SPDX-License-Identifier: MIT */
/* The CSV decoder's inferences: units from column names and from the
 * magnitude at rest, and the count of a numeric time column. Each is
 * reported to the user by decode-csv.c; nothing here decides silently. */
#include "csv-guess.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#define G_MS2 9.80665

static const struct {
	const char *name;
	enum budge_accel_unit unit;
} unit_names[] = {
    {"g", BUDGE_UNIT_G},       {"mg", BUDGE_UNIT_MG},     {"m/s2", BUDGE_UNIT_MS2},
    {"m/s^2", BUDGE_UNIT_MS2}, {"ms2", BUDGE_UNIT_MS2},   {"ms-2", BUDGE_UNIT_MS2},
};

const char *budge_accel_unit_name(enum budge_accel_unit u)
{
	switch (u) {
	case BUDGE_UNIT_G:
		return "g";
	case BUDGE_UNIT_MG:
		return "mg";
	case BUDGE_UNIT_MS2:
		return "m/s2";
	case BUDGE_UNIT_AUTO:
		break;
	}
	return "auto";
}

int budge_accel_unit_parse(const char *s, enum budge_accel_unit *out)
{
	for (size_t i = 0; s && i < sizeof(unit_names) / sizeof(unit_names[0]); i++)
		if (strcmp(s, unit_names[i].name) == 0) {
			*out = unit_names[i].unit;
			return 0;
		}
	return -EINVAL;
}

const char *csv_unit_text(enum budge_accel_unit u)
{
	return u == BUDGE_UNIT_MS2 ? "m/s²" : u == BUDGE_UNIT_MG ? "mg" : "g";
}

double csv_unit_to_g(enum budge_accel_unit u)
{
	return u == BUDGE_UNIT_MS2 ? 1.0 / G_MS2 : u == BUDGE_UNIT_MG ? 1e-3 : 1.0;
}

static bool has(const char *b, const char *needle)
{
	return strstr(b, needle) != NULL;
}

static bool ends_with(const char *b, size_t m, const char *suffix)
{
	size_t k = strlen(suffix);
	return m >= k && memcmp(b + m - k, suffix, k) == 0;
}

enum budge_accel_unit csv_unit_in_name(const char *s, size_t n)
{
	char b[64];
	size_t m = 0;

	for (size_t i = 0; i < n && m + 1 < sizeof(b); i++)
		if (s[i] != ' ')
			b[m++] = (s[i] >= 'A' && s[i] <= 'Z') ? (char)(s[i] - 'A' + 'a') : s[i];
	b[m] = '\0';
	if (has(b, "m/s^2") || has(b, "m/s\xc2\xb2") || has(b, "m/s2") || has(b, "ms^-2") ||
	    has(b, "ms-2") || has(b, "m/s/s") || ends_with(b, m, "_ms2"))
		return BUDGE_UNIT_MS2;
	if (has(b, "(mg)") || has(b, "[mg]") || ends_with(b, m, "_mg") || has(b, "milli-g") ||
	    has(b, "millig"))
		return BUDGE_UNIT_MG;
	if (has(b, "(g)") || has(b, "[g]") || ends_with(b, m, "_g") || has(b, "(g's)") ||
	    (m == 3 && b[0] == 'g' && b[1] == 'f'))
		return BUDGE_UNIT_G;
	return BUDGE_UNIT_AUTO;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

static double median(double *v, size_t n)
{
	qsort(v, n, sizeof(v[0]), cmp_double);
	return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

void csv_rest_magnitude(const float *x, const float *y, const float *z, size_t n, double rate_hz,
                        struct csv_rest *out)
{
	size_t w = rate_hz > 10 ? (size_t)(rate_hz / 2) : 5;
	double *v = malloc((n ? n : 1) * sizeof(double));
	size_t nw = 0;

	*out = (struct csv_rest){0};
	if (!v || n == 0) {
		free(v);
		return;
	}
	for (size_t i = 0; i + w <= n; i += w) {
		double s = 0, q = 0;
		for (size_t j = i; j < i + w; j++) {
			double a = sqrt((double)x[j] * x[j] + (double)y[j] * y[j] + (double)z[j] * z[j]);
			s += a;
			q += a * a;
		}
		double mean = s / (double)w, var = q / (double)w - mean * mean;
		if (mean > 0 && sqrt(var > 0 ? var : 0) <= 0.05 * mean)
			v[nw++] = mean;
	}
	if (nw > 0) {
		out->magnitude = median(v, nw);
		out->still = true;
	} else {
		for (size_t j = 0; j < n; j++)
			v[j] = sqrt((double)x[j] * x[j] + (double)y[j] * y[j] + (double)z[j] * z[j]);
		out->magnitude = median(v, n);
	}
	free(v);
}

enum budge_accel_unit csv_unit_of_magnitude(double m)
{
	static const enum budge_accel_unit units[] = {BUDGE_UNIT_G, BUDGE_UNIT_MS2, BUDGE_UNIT_MG};
	for (size_t i = 0; i < sizeof(units) / sizeof(units[0]); i++) {
		double one_g = 1.0 / csv_unit_to_g(units[i]);
		if (m >= 0.75 * one_g && m <= 1.25 * one_g)
			return units[i];
	}
	return BUDGE_UNIT_AUTO;
}

enum csv_time_kind csv_time_kind_of(double first)
{
	double a = fabs(first);
	return a >= 1e17   ? CSV_TIME_UNIX_NS
	       : a >= 1e14 ? CSV_TIME_UNIX_US
	       : a >= 1e11 ? CSV_TIME_UNIX_MS
	       : a >= 1e8  ? CSV_TIME_UNIX_S
	                   : CSV_TIME_FROM_START;
}

double csv_time_us_per_unit(enum csv_time_kind k)
{
	switch (k) {
	case CSV_TIME_UNIX_NS:
		return 1e-3;
	case CSV_TIME_UNIX_US:
		return 1;
	case CSV_TIME_UNIX_MS:
		return 1e3;
	case CSV_TIME_UNIX_S:
	case CSV_TIME_FROM_START:
		break;
	}
	return 1e6;
}

const char *csv_time_kind_text(enum csv_time_kind k)
{
	switch (k) {
	case CSV_TIME_UNIX_NS:
		return "nanoseconds";
	case CSV_TIME_UNIX_US:
		return "microseconds";
	case CSV_TIME_UNIX_MS:
		return "milliseconds";
	case CSV_TIME_UNIX_S:
	case CSV_TIME_FROM_START:
		break;
	}
	return "seconds";
}
