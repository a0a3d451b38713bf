/* SPDX-License-Identifier: MIT */
/*
 * CSV decoder: one sample per line.
 *
 *   time,x,y,z   time as ISO 8601 ("2023-04-24 15:02:00.033", 'T' or ' ',
 *                optional fraction and Z/+HH:MM zone; no zone = taken as UTC)
 *                or as a number: Unix seconds, milliseconds, microseconds
 *                or nanoseconds (told apart by size, and said), or seconds
 *                since the recording began (below 1e8: needs the start,
 *                budge_accel_csv_set_options; never taken as 1970)
 *   x,y,z        no time column: the rate and start come from a comment line
 *                ("# 30 Hz; start 2023-04-24 15:02:00") or from
 *                budge_accel_csv_set_timing()
 *
 * Lines starting with '#' are comments. The first other line is a header if
 * one of its fields is not a number or a time; header names pick the columns
 * ("time"/"timestamp"/"date...", "x"/"acc_x"/"accel x"...), else columns are
 * taken by position (and the user is told which), unless the caller
 * names them (--columns). Fields are separated by ',', ';' or tabs (whichever the
 * first line uses). A line that does not parse is reported with its line
 * number and skipped.
 *
 * With a time column the sample rate is estimated once from the first 256
 * samples (mean interval of the first gap-free run, snapped to a whole Hz
 * when within 0.5 %). Samples are gathered into constant-rate blocks; a new
 * block starts when the time jumps by more than 1.5 sample periods, goes
 * backwards, or drifts more than one period from the block's grid.
 *
 * Units: x, y, z may be g, mg or m/s², from the caller (--units), a unit in
 * the header's names ("acc_x (m/s^2)", "x [mg]"), or else the magnitude of
 * the first block at rest (≈ 1, ≈ 1000, ≈ 9.81: csv-guess.c). A header's
 * unit the data plainly contradicts, and data without gravity, are refused;
 * any unit not stated is said in a note. Blocks carry g.
 */
#include "csv-guess.h"
#include "decode-internal.h"
#include "budge/i18n.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CSV_MAX_LINE 1024
#define CSV_MAX_FIELDS 32
#define CSV_PROBE 256
#define CSV_GIVE_UP 1000
/* Samples appended after a rate estimate before the rate may be estimated
 * again (bounds the work on input whose intervals alternate). */
#define CSV_REPROBE_HOLD 16

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
	/* what the caller said (--units, --columns, --start) */
	struct budge_accel_csv_options opt;
	/* units: the header's, the one in use, factor to g, decided at the
	 * first block; bound: largest |value| a line may have, in its unit */
	enum budge_accel_unit unit_hdr, unit;
	double to_g, bound;
	bool unit_decided;
	/* a numeric time column: decided at its first number */
	bool time_kind_known;
	double time_us_per_unit;
	int64_t time_offset_us;
	/* ActiLife CSV preamble ("------------ Data File Created By ActiGraph") */
	bool actilife;        /* inside the preamble */
	bool actilife_timing; /* rate and start came from it: ignore time columns */
	char date_order;      /* 'M' (M/d/yyyy), 'd' (d/M/yyyy) or 'y' (yyyy-MM-dd) */
	int64_t al_date_days; /* -1 until "Start Date" */
	int64_t al_time_s;    /* -1 until "Start Time" */
	/* probe (time column, rate unknown) */
	size_t probe_n;
	double prev_rate;    /* the rate before a re-estimate, 0 at first */
	uint64_t since_probe; /* samples appended since the last estimate */
	int64_t probe_t[CSV_PROBE];
	uint64_t probe_line[CSV_PROBE];
	float probe_x[CSV_PROBE], probe_y[CSV_PROBE], probe_z[CSV_PROBE];
	/* the probe's samples while they are passed on (replay_probe) */
	struct csv_replay {
		int64_t t[CSV_PROBE];
		uint64_t line[CSV_PROBE];
		float x[CSV_PROBE], y[CSV_PROBE], z[CSV_PROBE];
	} replay;
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
	st->to_g = 1;
	st->bound = 1e6;
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

int budge_accel_csv_set_options(struct budge_accel_decoder *d,
                                const struct budge_accel_csv_options *o)
{
	struct csv_state *st;
	if (!d || !o || o->ncolumns > BUDGE_ACCEL_CSV_MAX_COLUMNS || o->unit > BUDGE_UNIT_MS2)
		return -EINVAL;
	if (d->fmt != BUDGE_ACCEL_CSV)
		return -ENOTSUP;
	st = d->state;
	st->opt = *o;
	if (o->have_start && !st->timing_set) {
		st->start_us = o->start_us;
		st->have_start = true;
	}
	return 0;
}

int budge_accel_csv_columns_parse(const char *s, struct budge_accel_csv_options *o, char *msg,
                                  size_t len)
{
	static const struct {
		const char *name;
		char role;
	} roles[] = {{"time", 't'}, {"t", 't'}, {"x", 'x'}, {"y", 'y'}, {"z", 'z'}, {"-", 0}};
	int seen[4] = {0};
	size_t n = 0;

	while (s) {
		const char *e = strchr(s, ',');
		size_t k = e ? (size_t)(e - s) : strlen(s), r;
		for (r = 0; r < sizeof(roles) / sizeof(roles[0]); r++)
			if (strlen(roles[r].name) == k && strncmp(s, roles[r].name, k) == 0)
				break;
		if (r == sizeof(roles) / sizeof(roles[0])) {
			snprintf(msg, len, _("'%.*s' is not time, x, y, z or - (a column to ignore)"),
			         (int)(k > 40 ? 40 : k), s);
			return -EINVAL;
		}
		if (n == BUDGE_ACCEL_CSV_MAX_COLUMNS) {
			snprintf(msg, len, _("more than %d columns"), BUDGE_ACCEL_CSV_MAX_COLUMNS);
			return -EINVAL;
		}
		o->columns[n++] = roles[r].role;
		if (roles[r].role) {
			const char *at = strchr("txyz", roles[r].role);
			if (seen[at - "txyz"]++) {
				snprintf(msg, len, _("%s is named twice"), roles[r].name);
				return -EINVAL;
			}
		}
		s = e ? e + 1 : NULL;
	}
	if (!seen[1] || !seen[2] || !seen[3]) {
		snprintf(msg, len, _("x, y and z must each be named once (e.g. time,x,y,z or -,time,z,y,x)"));
		return -EINVAL;
	}
	o->ncolumns = n;
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

/* A field a header would not have: an ISO time or a number. */
static bool is_value(const char *s, size_t n)
{
	int64_t us;
	double v;
	int k = budge_accel_parse_iso8601(s, n, &us);
	return (k >= 0 && (size_t)k == n) || parse_double(s, n, &v);
}

/* The first number of a time column says how it counts. Seconds since
 * the start need the start; the other counts are said in a note. */
static int time_kind_first(struct budge_accel_decoder *d, struct csv_state *st, double v)
{
	enum csv_time_kind k = csv_time_kind_of(v);

	if (k == CSV_TIME_FROM_START && !st->opt.have_start) {
		budge_accel_problem(d, st->line_offset, st->lineno,
		                    _("line %llu: the time column starts at %g: seconds since the "
		                    "recording began, not a date; give --start 'YYYY-MM-DD "
		                    "HH:MM:SS' (when it was 0)"),
		                    (unsigned long long)st->lineno, v);
		return -EBADMSG;
	}
	st->time_kind_known = true;
	st->time_us_per_unit = csv_time_us_per_unit(k);
	if (k == CSV_TIME_FROM_START) {
		st->time_offset_us = st->opt.start_us;
		budge_accel_note(d, _("the time column counts seconds from the start given (--start)"));
	} else {
		budge_accel_note(d, _("the time column is read as %s since 1970-01-01 UTC (from the "
		                 "size of its numbers)"),
		                 csv_time_kind_text(k));
	}
	return 0;
}

/* 1 and *us, 0 for a field that is not a time, or a negative errno. */
static int parse_time(struct budge_accel_decoder *d, struct csv_state *st, const char *s,
                      size_t n, int64_t *us)
{
	double v;
	int k = budge_accel_parse_iso8601(s, n, us);
	if (k >= 0)
		return (size_t)k == n;
	if (!parse_double(s, n, &v) || !(fabs(v) < 1e20))
		return 0;
	if (!st->time_kind_known && (k = time_kind_first(d, st, v)) < 0)
		return k;
	*us = llround(v * st->time_us_per_unit) + st->time_offset_us;
	return 1;
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
	else if (m >= 3 && b[m - 1] == 'g' && b[m - 2] == 'm' && (b[m - 3] == '_' || b[m - 3] == ' '))
		b[m -= 3] = '\0';
	if (m == 3 && b[0] == 'g' && b[1] == 'f') /* Physics Toolbox: gFx, gFy, gFz */
		return b[2] == 'x' || b[2] == 'y' || b[2] == 'z' ? b[2] : -1;
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

/* The data have no gravity in them: budge cannot use them. */
static int refuse_no_gravity(struct budge_accel_decoder *d, struct csv_state *st, double g)
{
	budge_accel_problem(d, 0, st->lineno,
	                    "x, y, z have a magnitude of %.3g g at rest: acceleration without "
	                    "gravity (a phone's \"linear acceleration\"); budge needs the raw "
	                    "accelerometer, with gravity (phyphox: \"Acceleration with g\")",
	                    g);
	return -EBADMSG;
}

/* A unit that was stated (--units or the header), checked against the
 * magnitude at rest. */
static int check_stated_unit(struct budge_accel_decoder *d, struct csv_state *st,
                             const struct csv_rest *rest, enum budge_accel_unit seen)
{
	const bool by_option = st->opt.unit != BUDGE_UNIT_AUTO;
	const char *at = rest->still ? "at rest" : "(no still period in the first block)";
	const double g = rest->magnitude * st->to_g;

	if (g < 0.35)
		return refuse_no_gravity(d, st, g);
	if (seen == st->unit || (seen == BUDGE_UNIT_AUTO && g > 0.5 && g < 2))
		return 0;
	if (seen != BUDGE_UNIT_AUTO && !by_option) {
		budge_accel_problem(d, 0, st->lineno,
		                    _("the header says x, y, z are in %s, but their magnitude %s is "
		                    "%.4g, which is 1 g in %s: give --units %s if they are"),
		                    csv_unit_text(st->unit), at, rest->magnitude, csv_unit_text(seen),
		                    budge_accel_unit_name(seen));
		return -EBADMSG;
	}
	budge_accel_note(d,
	                 _("x, y, z %s have a magnitude of %.3g g in %s (from %s), not about 1 g: "
	                 "check the unit"),
	                 at, g, csv_unit_text(st->unit), by_option ? "--units" : "the header");
	return 0;
}

/* Decide the unit at the first block: stated, or from the magnitude at
 * rest, and say which. */
static int decide_unit(struct budge_accel_decoder *d, struct csv_state *st)
{
	struct csv_rest rest;
	enum budge_accel_unit seen;

	csv_rest_magnitude(st->x, st->y, st->z, st->n, st->rate > 0 ? st->rate : 30, &rest);
	seen = csv_unit_of_magnitude(rest.magnitude);
	st->unit_decided = true;
	st->unit = st->opt.unit != BUDGE_UNIT_AUTO ? st->opt.unit : st->unit_hdr;
	if (st->unit != BUDGE_UNIT_AUTO) {
		st->to_g = csv_unit_to_g(st->unit);
		return check_stated_unit(d, st, &rest, seen);
	}
	if (seen == BUDGE_UNIT_AUTO && rest.magnitude < 0.35)
		return refuse_no_gravity(d, st, rest.magnitude);
	st->unit = seen != BUDGE_UNIT_AUTO ? seen : BUDGE_UNIT_G;
	st->to_g = csv_unit_to_g(st->unit);
	if (seen != BUDGE_UNIT_AUTO)
		budge_accel_note(d,
		                 _("no unit in the file: x, y, z have a magnitude of %.4g %s, so "
		                 "they are taken as %s%s (--units to say otherwise)"),
		                 rest.magnitude, rest.still ? "at rest" : "(no still period)",
		                 csv_unit_text(seen), seen == BUDGE_UNIT_G ? "" : " and converted to g");
	else
		budge_accel_note(d,
		                 _("no unit in the file, and x, y, z have a magnitude of %.3g, not "
		                 "about 1 (g), 9.81 (m/s²) or 1000 (mg): taken as g; give --units "
		                 "if that is wrong"),
		                 rest.magnitude);
	return 0;
}

static int csv_flush(struct budge_accel_decoder *d, struct csv_state *st)
{
	int r;
	if (!st->unit_decided && st->n > 0) {
		if ((r = decide_unit(d, st)) < 0)
			return r;
		st->bound = 1000 / st->to_g;
	}
	if (st->to_g != 1)
		for (size_t i = 0; i < st->n; i++) {
			st->x[i] = (float)(st->x[i] * st->to_g);
			st->y[i] = (float)(st->y[i] * st->to_g);
			st->z[i] = (float)(st->z[i] * st->to_g);
		}
	return budge_accel_emit_buffered(d, &st->blk_start, st->rate, &st->n, st->x, st->y, st->z);
}

static int csv_sample(struct budge_accel_decoder *d, struct csv_state *st, int64_t t, float x,
                      float y, float z, uint64_t line);

/* Samples that come much faster than the rate, or after a pause shorter
 * than a second: the rate changed (a phone, a device setting). The block
 * so far is closed and the rate estimated again from what follows. */
static bool rate_changed(const struct csv_state *st, int64_t t, double period)
{
	double dt = (double)(t - st->last_t);
	if (st->since_probe < CSV_REPROBE_HOLD || (st->n == 0 && st->since_probe == 0))
		return false;
	return (dt > 0 && dt < 0.5 * period) || (dt > 1.5 * period && dt < 1e6);
}

static int csv_append(struct budge_accel_decoder *d, struct csv_state *st, int64_t t, float x,
                      float y, float z)
{
	int r;
	if (st->tcol >= 0) {
		double period = 1e6 / st->rate;
		if (rate_changed(st, t, period)) {
			if (st->n > 0 && (r = csv_flush(d, st)) < 0)
				return r;
			st->prev_rate = st->rate;
			st->rate = 0;
			return csv_sample(d, st, t, x, y, z, st->lineno);
		}
		st->since_probe++;
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

/* Pass the probed samples on at the rate now known. A change of rate
 * among them starts a new probe, which csv_sample fills. */
static int replay_probe(struct budge_accel_decoder *d, struct csv_state *st)
{
	struct csv_replay *c = &st->replay;
	size_t n = st->probe_n;
	int r;

	/* the probe refills while the copy is passed on (the hold keeps it
	 * from filling up again, so this is never re-entered) */
	memcpy(c->t, st->probe_t, n * sizeof(c->t[0]));
	memcpy(c->line, st->probe_line, n * sizeof(c->line[0]));
	memcpy(c->x, st->probe_x, n * sizeof(c->x[0]));
	memcpy(c->y, st->probe_y, n * sizeof(c->y[0]));
	memcpy(c->z, st->probe_z, n * sizeof(c->z[0]));
	st->probe_n = 0;
	st->since_probe = 0;
	for (size_t i = 0; i < n; i++)
		if ((r = csv_sample(d, st, c->t[i], c->x[i], c->y[i], c->z[i], c->line[i])) < 0)
			return r;
	return 0;
}

/* Estimate the rate from the probe and replay the probed samples. */
static int csv_end_probe(struct budge_accel_decoder *d, struct csv_state *st)
{
	int64_t dts[CSV_PROBE];
	size_t m = 0;

	for (size_t i = 1; i < st->probe_n; i++)
		if (st->probe_t[i] > st->probe_t[i - 1])
			dts[m++] = st->probe_t[i] - st->probe_t[i - 1];
	if (m == 0 && st->prev_rate > 0) {
		/* a re-estimate with too little data: keep the rate */
		st->rate = st->prev_rate;
		return replay_probe(d, st);
	}
	if (m == 0) {
		budge_accel_problem(d, 0, st->probe_n ? st->probe_line[0] : st->lineno,
		                    _("cannot infer a sample rate: fewer than two increasing "
		                    "timestamps%s"),
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
		                    _("the timestamps give an implausible sample rate of %g Hz "
		                    "(expected 0.01 to 100000)"),
		                    rate);
		return -EBADMSG;
	}
	if (st->prev_rate > 0 && fabs(rate - st->prev_rate) > 0.01 * st->prev_rate) {
		char at[40];
		snprintf(at, sizeof(at), "line %llu", (unsigned long long)st->probe_line[0]);
		budge_accel_note(d, _("the sample rate changes at %s: %.4g Hz, was %.4g Hz"), at, rate,
		                 st->prev_rate);
	}
	st->rate = rate;
	st->rate_estimated = true;
	if (d->dev->sample_rate_hz <= 0)
		d->dev->sample_rate_hz = rate;
	return replay_probe(d, st);
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

/* The columns the caller named (--columns). */
static int columns_from_options(struct budge_accel_decoder *d, struct csv_state *st, int k)
{
	if (st->opt.ncolumns > (size_t)k) {
		budge_accel_problem(d, st->line_offset, st->lineno,
		                    _("line %llu: --columns names %zu columns, the line has %d"),
		                    (unsigned long long)st->lineno, st->opt.ncolumns, k);
		return -EBADMSG;
	}
	st->tcol = -1;
	for (size_t i = 0; i < st->opt.ncolumns; i++) {
		char role = st->opt.columns[i];
		int *col = role == 't' ? &st->tcol : role == 'x' ? &st->xcol : role == 'y' ? &st->ycol
		                                   : role == 'z' ? &st->zcol : NULL;
		if (col)
			*col = (int)i;
	}
	return 0;
}

/* Columns by the header's names; false if x, y and z are not all named. */
static bool columns_from_header(struct csv_state *st, const char *const *f, const size_t *fl,
                                int k)
{
	int col[4] = {-1, -1, -1, -1}; /* t, x, y, z */
	for (int i = 0; i < k; i++) {
		int a = name_axis(f[i], fl[i]);
		const char *at = a > 0 ? strchr("txyz", a) : NULL;
		if (at && col[at - "txyz"] < 0)
			col[at - "txyz"] = i;
	}
	if (col[1] < 0 || col[2] < 0 || col[3] < 0)
		return false;
	st->tcol = col[0], st->xcol = col[1], st->ycol = col[2], st->zcol = col[3];
	/* a unit stated with any axis name ("acc_x (m/s^2)") */
	for (int a = 1; a < 4; a++)
		if (st->unit_hdr == BUDGE_UNIT_AUTO)
			st->unit_hdr = csv_unit_in_name(f[col[a]], fl[col[a]]);
	return true;
}

/* Columns taken by position: say so. */
static void note_positional(struct budge_accel_decoder *d, struct csv_state *st, bool header)
{
	char t[32] = "";
	if (st->tcol >= 0)
		snprintf(t, sizeof(t), _("column %d as time and "), st->tcol + 1);
	budge_accel_note(d, _("%s: took %scolumns %d, %d, %d as x, y, z (--columns to say otherwise)"),
	                 header ? "the header does not name x, y and z" : "no header", t,
	                 st->xcol + 1, st->ycol + 1, st->zcol + 1);
}

/* Timing without a time column: the rate and the start must be known. */
static int check_timing(struct budge_accel_decoder *d, struct csv_state *st)
{
	if (st->tcol >= 0) {
		if (!st->timing_set)
			st->rate = 0; /* comments do not override real timestamps */
		return 0;
	}
	if (st->rate <= 0 || !st->have_start) {
		budge_accel_problem(d, st->line_offset, st->lineno,
		                    "line %llu: no time column and no %s; give %s (or add a comment "
		                    "line such as \"# 30 Hz; start 2023-04-24 15:02:00\")",
		                    (unsigned long long)st->lineno,
		                    st->rate <= 0 ? "sample rate" : "start time",
		                    st->rate <= 0 ? "the rate" : "--start");
		return -EBADMSG;
	}
	st->blk_start = st->start_us;
	d->dev->sample_rate_hz = st->rate;
	return 0;
}

static int csv_first_line(struct budge_accel_decoder *d, struct csv_state *st, const char *l,
                          size_t n, bool *is_header)
{
	const char *f[CSV_MAX_FIELDS];
	size_t fl[CSV_MAX_FIELDS];
	int k, r;

	st->delim = memchr(l, ',', n)    ? ','
	            : memchr(l, ';', n)  ? ';'
	            : memchr(l, '\t', n) ? '\t'
	                                 : ',';
	k = split(st, l, n, f, fl);
	if (k < 3) {
		budge_accel_problem(d, st->line_offset, st->lineno,
		                    _("line %llu: expected at least 3 columns (x,y,z or time,x,y,z), "
		                    "found %d"),
		                    (unsigned long long)st->lineno, k < 0 ? CSV_MAX_FIELDS : k);
		return -EBADMSG;
	}
	st->ncols = k;
	*is_header = false;
	for (int i = 0; i < k; i++)
		if (!is_value(f[i], fl[i]))
			*is_header = true;
	positional(st, k);
	if (st->opt.ncolumns > 0) {
		if ((r = columns_from_options(d, st, k)) < 0)
			return r;
		if (*is_header)
			for (int a = 0; a < 3 && st->unit_hdr == BUDGE_UNIT_AUTO; a++) {
				int c = a == 0 ? st->xcol : a == 1 ? st->ycol : st->zcol;
				st->unit_hdr = csv_unit_in_name(f[c], fl[c]);
			}
	} else if (!(*is_header && columns_from_header(st, f, fl, k)) && !st->actilife_timing) {
		note_positional(d, st, *is_header);
	}
	if (st->actilife_timing)
		st->tcol = -1; /* the preamble gives the timing */
	return check_timing(d, st);
}

/* A data line was reported and skipped. When nothing at all could be read
 * from the first CSV_GIVE_UP data lines, the file is not a CSV of samples:
 * stop instead of reporting every line. */
static int csv_bad_line(struct budge_accel_decoder *d, struct csv_state *st)
{
	if (++st->bad_lines >= CSV_GIVE_UP && st->good_lines == 0) {
		budge_accel_problem(d, st->line_offset, st->lineno,
		                    _("none of the first %d data lines could be read; expected "
		                    "time,x,y,z or x,y,z"),
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
		                    _("line %llu: expected %d fields, found %d; line skipped"),
		                    (unsigned long long)st->lineno, st->ncols,
		                    k < 0 ? CSV_MAX_FIELDS : k);
		return csv_bad_line(d, st);
	}
	if (!parse_double(f[st->xcol], fl[st->xcol], &v[0]) ||
	    !parse_double(f[st->ycol], fl[st->ycol], &v[1]) ||
	    !parse_double(f[st->zcol], fl[st->zcol], &v[2])) {
		budge_accel_problem(d, st->line_offset, st->lineno,
		                    _("line %llu: x, y and z must be numbers; line skipped"),
		                    (unsigned long long)st->lineno);
		return csv_bad_line(d, st);
	}
	if (!(fabs(v[0]) <= st->bound && fabs(v[1]) <= st->bound && fabs(v[2]) <= st->bound)) {
		budge_accel_problem(d, st->line_offset, st->lineno,
		                    _("line %llu: x, y and z must be between -%g and %g%s%s; line "
		                    "skipped"),
		                    (unsigned long long)st->lineno, st->bound, st->bound,
		                    st->unit_decided ? " " : "",
		                    st->unit_decided ? csv_unit_text(st->unit) : "");
		return csv_bad_line(d, st);
	}
	if (st->tcol >= 0 && (r = parse_time(d, st, f[st->tcol], fl[st->tcol], &t)) <= 0) {
		if (r < 0)
			return r;
		budge_accel_problem(d, st->line_offset, st->lineno,
		                    _("line %llu: time must be ISO 8601 (2023-04-24 15:02:00.033) or "
		                    "seconds; line skipped"),
		                    (unsigned long long)st->lineno);
		return csv_bad_line(d, st);
	}
	st->good_lines++;
	return csv_sample(d, st, t, (float)v[0], (float)v[1], (float)v[2], st->lineno);
}

/* A sample read: into the probe while the rate is being estimated, else
 * into the block. */
static int csv_sample(struct budge_accel_decoder *d, struct csv_state *st, int64_t t, float x,
                      float y, float z, uint64_t line)
{
	if (st->tcol >= 0 && st->rate <= 0) {
		size_t i = st->probe_n++;
		st->probe_t[i] = t;
		st->probe_line[i] = line;
		st->probe_x[i] = x;
		st->probe_y[i] = y;
		st->probe_z[i] = z;
		if (st->probe_n == CSV_PROBE)
			return csv_end_probe(d, st);
		return 0;
	}
	return csv_append(d, st, t, x, y, z);
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
				                    _("line %llu: longer than %d bytes; line skipped"),
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
					                    _("line %llu: longer than %d bytes; line "
					                    "skipped"),
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
			                    _("line %llu: longer than %d bytes; line skipped"),
			                    (unsigned long long)st->lineno, CSV_MAX_LINE);
		} else {
			r = csv_line(d, st, st->line, st->len);
			if (r < 0)
				return r;
		}
		st->len = 0;
	}
	if (!st->header_done) {
		budge_accel_problem(d, 0, 0, _("the CSV file has no data lines"));
		return -EBADMSG;
	}
	if (st->tcol < 0 && d->stats.samples == 0 && st->n == 0) {
		budge_accel_problem(d, 0, st->lineno, _("the CSV file has no valid data lines"));
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
