/* SPDX-License-Identifier: MIT */
/*
 * CSV decoder: one sample per line, values in g.
 *
 *   time,x,y,z   time as ISO 8601 ("2023-04-24 15:02:00.033", 'T' or ' ',
 *                optional fraction and Z/+HH:MM zone; no zone = taken as UTC)
 *                or as a number of seconds (Unix time or from 0)
 *   x,y,z        no time column: the rate and start come from a comment line
 *                ("# 30 Hz; start 2023-04-24 15:02:00") or from
 *                budge_accel_csv_set_timing()
 *
 * Lines starting with '#' are comments. The first other line is a header if
 * one of its fields is not a number or a time; header names pick the columns
 * ("time"/"timestamp"/"date...", "x"/"acc_x"/"accel x"...), else columns are
 * taken by position. Fields are separated by ',', ';' or tabs (whichever the
 * first line uses). A line that does not parse is reported with its line
 * number and skipped.
 *
 * With a time column the sample rate is estimated once from the first 256
 * samples (mean interval of the first gap-free run, snapped to a whole Hz
 * when within 0.5 %). Samples are gathered into constant-rate blocks; a new
 * block starts when the time jumps by more than 1.5 sample periods, goes
 * backwards, or drifts more than one period from the block's grid.
 */
#include "decode-internal.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CSV_MAX_LINE 1024
#define CSV_MAX_FIELDS 32
#define CSV_PROBE 256
#define CSV_GIVE_UP 1000

struct csv_state {
	char line[CSV_MAX_LINE];
	size_t len;
	bool overflow;
	uint64_t lineno;
	uint64_t line_offset; /* byte offset of the current line */
	uint64_t offset;
	bool header_done;
	char delim;
	int ncols;
	int tcol, xcol, ycol, zcol; /* tcol -1: no time column */
	/* timing */
	double rate; /* 0 until known */
	bool have_start;
	int64_t start_us; /* start for the no-time-column case */
	bool timing_set;  /* set by the caller */
	bool rate_estimated;
	uint64_t good_lines, bad_lines; /* data lines read / skipped */
	/* ActiLife CSV preamble ("------------ Data File Created By ActiGraph") */
	bool actilife;        /* inside the preamble */
	bool actilife_timing; /* rate and start came from it: ignore time columns */
	char date_order;      /* 'M' (M/d/yyyy), 'd' (d/M/yyyy) or 'y' (yyyy-MM-dd) */
	int64_t al_date_days; /* -1 until "Start Date" */
	int64_t al_time_s;    /* -1 until "Start Time" */
	/* probe (time column, rate unknown) */
	size_t probe_n;
	int64_t probe_t[CSV_PROBE];
	uint64_t probe_line[CSV_PROBE];
	float probe_x[CSV_PROBE], probe_y[CSV_PROBE], probe_z[CSV_PROBE];
	/* output block */
	int64_t blk_start;
	int64_t last_t;
	size_t n;
	float x[BUDGE_ACCEL_MAX_BLOCK], y[BUDGE_ACCEL_MAX_BLOCK], z[BUDGE_ACCEL_MAX_BLOCK];
};

static int csv_create(struct budge_accel_decoder *d)
{
	struct csv_state *st = calloc(1, sizeof(*st));
	if (!st)
		return -ENOMEM;
	st->tcol = -1;
	st->al_date_days = -1;
	st->al_time_s = -1;
	d->state = st;
	budge_accel_strlcpy(d->dev->type, "csv", 3, sizeof(d->dev->type));
	return 0;
}

static void csv_destroy(struct budge_accel_decoder *d)
{
	free(d->state);
	d->state = NULL;
}

int budge_accel_csv_set_timing(struct budge_accel_decoder *d, double rate_hz, int64_t start_us)
{
	struct csv_state *st;
	if (!d)
		return -EINVAL;
	if (d->fmt != BUDGE_ACCEL_CSV)
		return -ENOTSUP;
	if (!(rate_hz > 0 && rate_hz <= 10000))
		return -EINVAL;
	st = d->state;
	st->rate = rate_hz;
	st->start_us = start_us;
	st->have_start = true;
	st->timing_set = true;
	d->dev->sample_rate_hz = rate_hz;
	return 0;
}

/* Strip spaces and one pair of double quotes. */
static void field_trim(const char **s, size_t *n)
{
	while (*n > 0 && (**s == ' ' || **s == '\t'))
		(*s)++, (*n)--;
	while (*n > 0 && ((*s)[*n - 1] == ' ' || (*s)[*n - 1] == '\t'))
		(*n)--;
	if (*n >= 2 && **s == '"' && (*s)[*n - 1] == '"')
		(*s)++, *n -= 2;
}

/* A decimal number filling the whole field. */
static bool parse_double(const char *s, size_t n, double *out)
{
	size_t i = 0;
	bool neg = false, digits = false;
	double v = 0;

	if (i < n && (s[i] == '-' || s[i] == '+'))
		neg = s[i++] == '-';
	while (i < n && s[i] >= '0' && s[i] <= '9') {
		v = v * 10 + (s[i++] - '0');
		digits = true;
	}
	if (i < n && s[i] == '.') {
		double f = 0.1;
		i++;
		while (i < n && s[i] >= '0' && s[i] <= '9') {
			v += (s[i++] - '0') * f;
			f *= 0.1;
			digits = true;
		}
	}
	if (!digits)
		return false;
	if (i < n && (s[i] == 'e' || s[i] == 'E')) {
		char buf[64];
		char *end;
		if (n >= sizeof(buf))
			return false;
		memcpy(buf, s, n);
		buf[n] = '\0';
		v = strtod(buf, &end);
		if (*end != '\0' || !isfinite(v))
			return false;
		*out = v;
		return true;
	}
	if (i != n)
		return false;
	*out = neg ? -v : v;
	return true;
}

static bool parse_time(const char *s, size_t n, int64_t *us)
{
	double secs;
	int k = budge_accel_parse_iso8601(s, n, us);
	if (k >= 0)
		return (size_t)k == n;
	if (parse_double(s, n, &secs) && fabs(secs) < 1e11) {
		*us = llround(secs * 1e6);
		return true;
	}
	return false;
}

static int split(struct csv_state *st, const char *l, size_t n, const char **f, size_t *fl)
{
	int k = 0;
	size_t i = 0;
	for (;;) {
		size_t j = i;
		while (j < n && l[j] != st->delim)
			j++;
		if (k == CSV_MAX_FIELDS)
			return -1;
		f[k] = l + i;
		fl[k] = j - i;
		field_trim(&f[k], &fl[k]);
		k++;
		if (j >= n)
			break;
		i = j + 1;
	}
	return k;
}

/* Comment lines may carry "<number> Hz" and "start <ISO time>". */
static void csv_comment(struct csv_state *st, const char *l, size_t n)
{
	if (st->timing_set)
		return;
	for (size_t i = 0; i + 1 < n; i++) {
		if ((l[i] == 'H' || l[i] == 'h') && (l[i + 1] == 'z' || l[i + 1] == 'Z') &&
		    st->rate == 0) {
			size_t e = i;
			while (e > 0 && l[e - 1] == ' ')
				e--;
			size_t b = e;
			while (b > 0 && ((l[b - 1] >= '0' && l[b - 1] <= '9') || l[b - 1] == '.'))
				b--;
			double r;
			if (b < e && parse_double(l + b, e - b, &r) && r > 0 && r <= 10000)
				st->rate = r;
		}
		if (i + 6 <= n && memcmp(l + i, "start ", 6) == 0 && !st->have_start) {
			int64_t us;
			if (budge_accel_parse_iso8601(l + i + 6, n - i - 6, &us) > 0) {
				st->start_us = us;
				st->have_start = true;
			}
		}
	}
}

static int name_axis(const char *s, size_t n)
{
	char b[48];
	size_t m = 0;
	if (n >= sizeof(b))
		return -1;
	for (size_t i = 0; i < n; i++) {
		char c = s[i];
		if (c >= 'A' && c <= 'Z')
			c = (char)(c - 'A' + 'a');
		b[m++] = c;
	}
	b[m] = '\0';
	/* drop a unit suffix: "(g)", "[g]", "_g", " g" */
	char *p = strpbrk(b, "([");
	if (p)
		*p = '\0';
	m = strlen(b);
	while (m > 0 && b[m - 1] == ' ')
		b[--m] = '\0';
	if (m >= 2 && b[m - 1] == 'g' && (b[m - 2] == '_' || b[m - 2] == ' '))
		b[m -= 2] = '\0';
	if (strstr(b, "time") || strstr(b, "date") || strcmp(b, "t") == 0)
		return 't';
	if (m == 0)
		return -1;
	char last = b[m - 1];
	if (last != 'x' && last != 'y' && last != 'z')
		return -1;
	if (m == 1 || b[m - 2] == '_' || b[m - 2] == ' ' || b[m - 2] == '-' ||
	    strncmp(b, "acc", 3) == 0 || strcmp(b, "ax") == 0 || strcmp(b, "ay") == 0 ||
	    strcmp(b, "az") == 0)
		return last;
	return -1;
}

static void positional(struct csv_state *st, int ncols)
{
	if (ncols >= 4) {
		st->tcol = 0;
		st->xcol = 1, st->ycol = 2, st->zcol = 3;
	} else {
		st->tcol = -1;
		st->xcol = 0, st->ycol = 1, st->zcol = 2;
	}
}

static int csv_flush(struct budge_accel_decoder *d, struct csv_state *st)
{
	return budge_accel_emit_buffered(d, &st->blk_start, st->rate, &st->n, st->x, st->y, st->z);
}

static int csv_append(struct budge_accel_decoder *d, struct csv_state *st, int64_t t, float x,
                      float y, float z)
{
	int r;
	if (st->tcol >= 0) {
		double period = 1e6 / st->rate;
		if (st->n > 0) {
			double expected = (double)st->blk_start + (double)st->n * period;
			if ((double)(t - st->last_t) > 1.5 * period || t <= st->last_t ||
			    fabs((double)t - expected) > period) {
				r = csv_flush(d, st);
				if (r < 0)
					return r;
				st->blk_start = t;
			}
		} else if (d->stats.samples == 0 || fabs((double)(t - st->blk_start)) > period ||
		           (double)(t - st->last_t) > 1.5 * period || t <= st->last_t) {
			/* first sample, or the sample after a full block that does not
			 * continue its grid */
			st->blk_start = t;
		}
		st->last_t = t;
	}
	st->x[st->n] = x;
	st->y[st->n] = y;
	st->z[st->n] = z;
	if (++st->n == BUDGE_ACCEL_MAX_BLOCK)
		return csv_flush(d, st);
	return 0;
}

static int cmp_i64(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
	return (x > y) - (x < y);
}

/* Estimate the rate from the probe and replay the probed samples. */
static int csv_end_probe(struct budge_accel_decoder *d, struct csv_state *st)
{
	int64_t dts[CSV_PROBE];
	size_t m = 0;
	int r;

	for (size_t i = 1; i < st->probe_n; i++)
		if (st->probe_t[i] > st->probe_t[i - 1])
			dts[m++] = st->probe_t[i] - st->probe_t[i - 1];
	if (m == 0) {
		budge_accel_problem(d, 0, st->probe_n ? st->probe_line[0] : st->lineno,
		                    "cannot infer a sample rate: fewer than two increasing "
		                    "timestamps%s",
		                    st->probe_n ? "" : " (no valid data lines)");
		return -EBADMSG;
	}
	qsort(dts, m, sizeof(dts[0]), cmp_i64);
	double median = (double)dts[m / 2];
	/* mean over the first gap-free run */
	size_t k = 0;
	while (k + 1 < st->probe_n) {
		int64_t dt = st->probe_t[k + 1] - st->probe_t[k];
		if (dt <= 0 || (double)dt > 1.5 * median)
			break;
		k++;
	}
	double rate =
	    k >= 1 ? (double)k * 1e6 / (double)(st->probe_t[k] - st->probe_t[0]) : 1e6 / median;
	if (fabs(rate - round(rate)) <= 0.005 * rate && round(rate) > 0)
		rate = round(rate);
	if (!(rate >= 0.01 && rate <= 100000)) {
		budge_accel_problem(d, 0, st->probe_line[0],
		                    "the timestamps give an implausible sample rate of %g Hz "
		                    "(expected 0.01 to 100000)",
		                    rate);
		return -EBADMSG;
	}
	st->rate = rate;
	st->rate_estimated = true;
	d->dev->sample_rate_hz = rate;
	for (size_t i = 0; i < st->probe_n; i++) {
		r = csv_append(d, st, st->probe_t[i], st->probe_x[i], st->probe_y[i],
		               st->probe_z[i]);
		if (r < 0)
			return r;
	}
	st->probe_n = 0;
	return 0;
}

/* ActiLife's CSV export starts with a 10-line preamble:
 *   ------------ Data File Created By ActiGraph GT3X+ ActiLife v6.13.4 Firmware
 *     v2.5.0 date format M/d/yyyy at 30 Hz  Filter Normal -----------
 *   Serial Number: MOS2E39180594
 *   Start Time 15:02:00
 *   Start Date 4/24/2023
 *   ... (epoch, download time, memory address, battery)
 *   --------------------------------------------------
 * The rate and start time come from it (its Timestamp column, if any, is
 * then ignored: its date format varies with the locale). */
static bool starts_with(const char *l, size_t n, const char *p)
{
	size_t m = strlen(p);
	return n >= m && memcmp(l, p, m) == 0;
}

static bool parse_uint(const char **s, const char *end, unsigned *out)
{
	unsigned v = 0;
	const char *p = *s;
	while (p < end && *p >= '0' && *p <= '9' && v < 100000)
		v = v * 10 + (unsigned)(*p++ - '0');
	if (p == *s)
		return false;
	*s = p;
	*out = v;
	return true;
}

static void actilife_line(struct budge_accel_decoder *d, struct csv_state *st, const char *l,
                          size_t n)
{
	const char *end = l + n;
	if (starts_with(l, n, "------------ Data File Created By ActiGraph")) {
		const char *t = l + strlen("------------ Data File Created By ActiGraph");
		while (t < end && *t == ' ')
			t++;
		const char *te = t;
		while (te < end && *te != ' ')
			te++;
		budge_accel_strlcpy(d->dev->type, t, (size_t)(te - t), sizeof(d->dev->type));
		for (const char *p = l; p + 12 < end; p++)
			if (memcmp(p, "date format ", 12) == 0) {
				st->date_order = p[12];
				break;
			}
		csv_comment(st, l, n); /* "at 30 Hz" */
		return;
	}
	if (starts_with(l, n, "Serial Number:")) {
		const char *v = l + 14;
		size_t vn = n - 14;
		while (vn > 0 && *v == ' ')
			v++, vn--;
		budge_accel_strlcpy(d->dev->serial, v, vn, sizeof(d->dev->serial));
	} else if (starts_with(l, n, "Start Time ")) {
		const char *p = l + 11;
		unsigned h, m, sec;
		if (parse_uint(&p, end, &h) && p < end && *p++ == ':' && parse_uint(&p, end, &m) &&
		    p < end && *p++ == ':' && parse_uint(&p, end, &sec) && h < 24 && m < 60 &&
		    sec < 60)
			st->al_time_s = h * 3600 + m * 60 + sec;
	} else if (starts_with(l, n, "Start Date ")) {
		const char *p = l + 11;
		unsigned a, b, c, y, mo, dd;
		char sep;
		if (parse_uint(&p, end, &a) && p < end &&
		    ((sep = *p++) == '/' || sep == '-' || sep == '.') && parse_uint(&p, end, &b) &&
		    p < end && *p++ == sep && parse_uint(&p, end, &c)) {
			if (st->date_order == 'y' || a > 31)
				y = a, mo = b, dd = c;
			else if (st->date_order == 'd')
				dd = a, mo = b, y = c;
			else
				mo = a, dd = b, y = c;
			if (budge_accel_valid_civil(y, mo, dd, 0, 0, 0))
				st->al_date_days = budge_accel_days_from_civil(y, mo, dd);
		}
	}
}

static int csv_first_line(struct budge_accel_decoder *d, struct csv_state *st, const char *l,
                          size_t n, bool *is_header)
{
	const char *f[CSV_MAX_FIELDS];
	size_t fl[CSV_MAX_FIELDS];
	int k;

	st->delim = memchr(l, ',', n)    ? ','
	            : memchr(l, ';', n)  ? ';'
	            : memchr(l, '\t', n) ? '\t'
	                                 : ',';
	k = split(st, l, n, f, fl);
	if (k < 3) {
		budge_accel_problem(d, st->line_offset, st->lineno,
		                    "line %llu: expected at least 3 columns (x,y,z or time,x,y,z), "
		                    "found %d",
		                    (unsigned long long)st->lineno, k < 0 ? CSV_MAX_FIELDS : k);
		return -EBADMSG;
	}
	st->ncols = k;
	*is_header = false;
	for (int i = 0; i < k; i++) {
		double v;
		int64_t t;
		if (!parse_double(f[i], fl[i], &v) && !parse_time(f[i], fl[i], &t))
			*is_header = true;
	}
	positional(st, k);
	if (*is_header) {
		int t = -1, x = -1, y = -1, z = -1;
		for (int i = 0; i < k; i++) {
			int a = name_axis(f[i], fl[i]);
			if (a == 't' && t < 0)
				t = i;
			else if (a == 'x' && x < 0)
				x = i;
			else if (a == 'y' && y < 0)
				y = i;
			else if (a == 'z' && z < 0)
				z = i;
		}
		if (x >= 0 && y >= 0 && z >= 0) {
			st->tcol = t, st->xcol = x, st->ycol = y, st->zcol = z;
		}
	}
	if (st->actilife_timing)
		st->tcol = -1; /* the preamble gives the timing */
	if (st->tcol < 0 && st->rate <= 0) {
		budge_accel_problem(
		    d, st->line_offset, st->lineno,
		    "line %llu: no time column and no sample rate (add a comment "
		    "line such as \"# 30 Hz; start 2023-04-24 15:02:00\" or give the "
		    "rate)",
		    (unsigned long long)st->lineno);
		return -EBADMSG;
	}
	if (st->tcol < 0) {
		if (!st->have_start)
			budge_accel_problem(d, st->line_offset, st->lineno,
			                    "no start time given; times count from 1970-01-01 "
			                    "00:00:00 UTC");
		st->blk_start = st->have_start ? st->start_us : 0;
		d->dev->sample_rate_hz = st->rate;
	} else if (!st->timing_set) {
		st->rate = 0; /* comments do not override real timestamps */
	}
	return 0;
}

/* A data line was reported and skipped. When nothing at all could be read
 * from the first CSV_GIVE_UP data lines, the file is not a CSV of samples:
 * stop instead of reporting every line. */
static int csv_bad_line(struct budge_accel_decoder *d, struct csv_state *st)
{
	if (++st->bad_lines >= CSV_GIVE_UP && st->good_lines == 0) {
		budge_accel_problem(d, st->line_offset, st->lineno,
		                    "none of the first %d data lines could be read; expected "
		                    "time,x,y,z or x,y,z in g",
		                    CSV_GIVE_UP);
		return -EBADMSG;
	}
	return 0;
}

static int csv_line(struct budge_accel_decoder *d, struct csv_state *st, const char *l, size_t n)
{
	const char *f[CSV_MAX_FIELDS];
	size_t fl[CSV_MAX_FIELDS];
	int k, r;

	while (n > 0 && (l[n - 1] == '\r' || l[n - 1] == ' '))
		n--;
	if (n == 0)
		return 0;
	if (l[0] == '#') {
		if (!st->header_done)
			csv_comment(st, l, n);
		return 0;
	}
	if (!st->header_done) {
		bool header;
		if (st->lineno == 1 && n >= 3 && memcmp(l, "\xef\xbb\xbf", 3) == 0)
			l += 3, n -= 3;
		if (st->lineno == 1 &&
		    starts_with(l, n, "------------ Data File Created By ActiGraph"))
			st->actilife = true;
		if (st->actilife) {
			size_t dashes = 0;
			while (dashes < n && l[dashes] == '-')
				dashes++;
			if (st->lineno > 1 && dashes == n) {
				/* end of the preamble */
				st->actilife = false;
				if (!st->timing_set && st->rate > 0 && st->al_date_days >= 0 &&
				    st->al_time_s >= 0) {
					st->start_us = (st->al_date_days * 86400 + st->al_time_s) *
					               INT64_C(1000000);
					st->have_start = true;
					st->actilife_timing = true;
				}
				return 0;
			}
			actilife_line(d, st, l, n);
			return 0;
		}
		r = csv_first_line(d, st, l, n, &header);
		st->header_done = true;
		if (r < 0 || header)
			return r;
	}
	k = split(st, l, n, f, fl);
	int need = st->xcol;
	if (st->ycol > need)
		need = st->ycol;
	if (st->zcol > need)
		need = st->zcol;
	if (st->tcol > need)
		need = st->tcol;
	double v[3];
	int64_t t = 0;
	if (k <= need) {
		budge_accel_problem(d, st->line_offset, st->lineno,
		                    "line %llu: expected %d fields, found %d; line skipped",
		                    (unsigned long long)st->lineno, st->ncols,
		                    k < 0 ? CSV_MAX_FIELDS : k);
		return csv_bad_line(d, st);
	}
	if (!parse_double(f[st->xcol], fl[st->xcol], &v[0]) ||
	    !parse_double(f[st->ycol], fl[st->ycol], &v[1]) ||
	    !parse_double(f[st->zcol], fl[st->zcol], &v[2])) {
		budge_accel_problem(d, st->line_offset, st->lineno,
		                    "line %llu: x, y and z must be numbers (in g); line skipped",
		                    (unsigned long long)st->lineno);
		return csv_bad_line(d, st);
	}
	if (!(fabs(v[0]) <= 1000 && fabs(v[1]) <= 1000 && fabs(v[2]) <= 1000)) {
		budge_accel_problem(
		    d, st->line_offset, st->lineno,
		    "line %llu: x, y and z must be in g (between -1000 and 1000); line "
		    "skipped",
		    (unsigned long long)st->lineno);
		return csv_bad_line(d, st);
	}
	if (st->tcol >= 0 && !parse_time(f[st->tcol], fl[st->tcol], &t)) {
		budge_accel_problem(d, st->line_offset, st->lineno,
		                    "line %llu: time must be ISO 8601 (2023-04-24 15:02:00.033) or "
		                    "seconds; line skipped",
		                    (unsigned long long)st->lineno);
		return csv_bad_line(d, st);
	}
	st->good_lines++;
	if (st->tcol >= 0 && st->rate <= 0) {
		size_t i = st->probe_n++;
		st->probe_t[i] = t;
		st->probe_line[i] = st->lineno;
		st->probe_x[i] = (float)v[0];
		st->probe_y[i] = (float)v[1];
		st->probe_z[i] = (float)v[2];
		if (st->probe_n == CSV_PROBE)
			return csv_end_probe(d, st);
		return 0;
	}
	return csv_append(d, st, t, (float)v[0], (float)v[1], (float)v[2]);
}

static int csv_push(struct budge_accel_decoder *d, const uint8_t *buf, size_t n)
{
	struct csv_state *st = d->state;
	const char *s = (const char *)buf;
	int r;

	while (n > 0) {
		const char *nl = memchr(s, '\n', n);
		size_t take = nl ? (size_t)(nl - s) : n;
		if (st->len == 0 && !st->overflow && nl) {
			/* whole line in the caller's buffer */
			st->lineno++;
			st->line_offset = st->offset;
			if (take >= CSV_MAX_LINE) {
				budge_accel_problem(d, st->offset, st->lineno,
				                    "line %llu: longer than %d bytes; line skipped",
				                    (unsigned long long)st->lineno, CSV_MAX_LINE);
			} else {
				r = csv_line(d, st, s, take);
				if (r < 0)
					return r;
			}
		} else {
			if (st->len == 0 && !st->overflow)
				st->line_offset = st->offset;
			if (!st->overflow && st->len + take < CSV_MAX_LINE) {
				memcpy(st->line + st->len, s, take);
				st->len += take;
			} else {
				st->overflow = true;
			}
			if (nl) {
				st->lineno++;
				if (st->overflow)
					budge_accel_problem(d, st->line_offset, st->lineno,
					                    "line %llu: longer than %d bytes; line "
					                    "skipped",
					                    (unsigned long long)st->lineno,
					                    CSV_MAX_LINE);
				else {
					r = csv_line(d, st, st->line, st->len);
					if (r < 0)
						return r;
				}
				st->len = 0;
				st->overflow = false;
			}
		}
		size_t adv = nl ? take + 1 : take;
		st->offset += adv;
		d->stats.bytes += adv;
		s += adv;
		n -= adv;
	}
	return 0;
}

static int csv_finish(struct budge_accel_decoder *d)
{
	struct csv_state *st = d->state;
	int r;

	if (st->len > 0 || st->overflow) {
		st->lineno++;
		if (st->overflow) {
			budge_accel_problem(d, st->line_offset, st->lineno,
			                    "line %llu: longer than %d bytes; line skipped",
			                    (unsigned long long)st->lineno, CSV_MAX_LINE);
		} else {
			r = csv_line(d, st, st->line, st->len);
			if (r < 0)
				return r;
		}
		st->len = 0;
	}
	if (!st->header_done) {
		budge_accel_problem(d, 0, 0, "the CSV file has no data lines");
		return -EBADMSG;
	}
	if (st->tcol < 0 && d->stats.samples == 0 && st->n == 0) {
		budge_accel_problem(d, 0, st->lineno, "the CSV file has no valid data lines");
		return -EBADMSG;
	}
	if (st->probe_n > 0 || (st->tcol >= 0 && st->rate <= 0)) {
		r = csv_end_probe(d, st);
		if (r < 0)
			return r;
	}
	if (st->n > 0)
		return csv_flush(d, st);
	return 0;
}

const struct budge_accel_decoder_ops budge_accel_csv_ops = {
    .name = "csv",
    .create = csv_create,
    .push = csv_push,
    .finish = csv_finish,
    .destroy = csv_destroy,
};
