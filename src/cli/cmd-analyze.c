/* SPDX-License-Identifier: MIT */
/* budge analyze: analyse one wearable file, print per-epoch CSV or a JSON
 * summary; no database. */
#include <errno.h>
#include <math.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "accel-cli.h"
#include "accel-file.h"
#include "cli.h"
#include "budge/i18n.h"

void accel_cli_iso(int64_t us, char *buf, size_t len)
{
	/* to the nearest millisecond: an end 0.4 us before a whole second
	 * (sample times add up in floating point) is that second */
	int64_t ms = us >= 0 ? (us + 500) / 1000 : -((-us + 499) / 1000);
	int64_t s = ms / 1000, frac = ms % 1000 * 1000;
	struct tm tm;
	time_t t;

	if (frac < 0) {
		frac += 1000000;
		s--;
	}
	t = (time_t)s;
	if (!gmtime_r(&t, &tm)) {
		snprintf(buf, len, "?");
		return;
	}
	size_t n = strftime(buf, len, "%Y-%m-%dT%H:%M:%S", &tm);
	if (frac / 1000 != 0)
		snprintf(buf + n, len - n, ".%03dZ", (int)(frac / 1000));
	else
		snprintf(buf + n, len - n, "Z");
}

int accel_cli_parse_epoch(const char *s, uint32_t *out)
{
	char *end;
	errno = 0;
	long v = strtol(s, &end, 10);
	if (errno || end == s || *end || v < 1 || v > 60 || 60 % v != 0)
		return -EINVAL;
	*out = (uint32_t)v;
	return 0;
}

bool accel_cli_is_option(int c)
{
	return c == 'e' || c == 's' || c == 'u' || c == 'C' || c == 'S' || c == 'R';
}

/* --units, --columns, --start, --rate: the CSV options. */
static int csv_option(const char *sub, int c, const char *arg, struct accel_cli_opts *o)
{
	struct budge_accel_file_options *f = &o->file;
	char msg[160];
	char *end;

	switch (c) {
	case 'u':
		if (budge_accel_unit_parse(arg, &f->csv.unit) < 0) {
			cli_error(sub, _("--units: '%s' is not g, mg or m/s2"), arg);
			return BUDGE_EXIT_USAGE;
		}
		break;
	case 'C':
		if (budge_accel_csv_columns_parse(arg, &f->csv, msg, sizeof(msg)) < 0) {
			cli_error(sub, "--columns: %s", msg);
			return BUDGE_EXIT_USAGE;
		}
		break;
	case 'S':
		if (budge_accel_time_parse(arg, &f->csv.start_us) < 0) {
			cli_error(sub,
				  _("--start: '%s' is not a time like 2024-03-01 09:30:00 (ISO 8601; "
				  "no zone: UTC, like the file's own times)"),
				  arg);
			return BUDGE_EXIT_USAGE;
		}
		f->csv.have_start = true;
		f->csv_start_us = f->csv.start_us;
		break;
	default: /* 'R' */
		errno = 0;
		f->csv_rate_hz = strtod(arg, &end);
		if (errno || end == arg || *end || !(f->csv_rate_hz > 0 && f->csv_rate_hz <= 10000)) {
			cli_error(sub, _("--rate: '%s' is not a sample rate in Hz (0 to 10000)"), arg);
			return BUDGE_EXIT_USAGE;
		}
	}
	return BUDGE_EXIT_OK;
}

int accel_cli_option(const char *sub, int c, const char *arg, struct accel_cli_opts *o)
{
	if (c != 'e' && c != 's')
		return csv_option(sub, c, arg, o);
	if (c == 'e') {
		if (accel_cli_parse_epoch(arg, &o->epoch_s) < 0) {
			cli_error(sub,
				  _("--epoch: '%s' is not a whole number of seconds that "
				  "divides 60 (1, 2, 3, 4, 5, 6, 10, 12, 15, 20, 30, 60)"),
				  arg);
			return BUDGE_EXIT_USAGE;
		}
	} else if (budge_accel_site_parse(arg, &o->site) < 0) {
		cli_error(sub, _("--site: '%s' is not hip, wrist or thigh"), arg);
		return BUDGE_EXIT_USAGE;
	}
	return BUDGE_EXIT_OK;
}

/* Messages of one kind (the text without its numbers) are printed 10
 * times; the rest are counted and summed up at the end. */
#define SAME_KIND_SHOWN 10
#define KINDS 32
struct kind_count {
	uint64_t key, n;
	char example[256];
};

struct run_state {
	const char *sub, *path;
	const struct accel_cli_opts *opts;
	struct accel_cli_result *res;
	struct budge_accel_pipeline *pipe;
	int pipe_err;
	int64_t shift_us;
	char last_problem[256];
	bool idle_sleep; /* an ActiGraph file: gaps are idle sleep */
	struct kind_count kinds[KINDS];
	size_t nkinds;
};

static uint64_t kind_key(const char *msg)
{
	uint64_t h = 1469598103934665603ULL;
	for (; *msg; msg++)
		if (!(*msg >= '0' && *msg <= '9') && *msg != '.' && *msg != '-' && *msg != ':')
			h = (h ^ (unsigned char)*msg) * 1099511628211ULL;
	return h;
}

/* Print "budge SUB: PATH: msg" unless 10 of its kind were printed. */
static void say_limited(struct run_state *st, const char *msg)
{
	uint64_t key = kind_key(msg);
	size_t i = 0;
	while (i < st->nkinds && st->kinds[i].key != key)
		i++;
	if (i == st->nkinds && st->nkinds < KINDS) {
		st->kinds[i] = (struct kind_count){.key = key};
		snprintf(st->kinds[i].example, sizeof(st->kinds[i].example), "%s", msg);
		st->nkinds++;
	}
	if (i < st->nkinds && ++st->kinds[i].n > SAME_KIND_SHOWN)
		return;
	cli_error(st->sub, "%s: %s", st->path, msg);
}

static void say_suppressed(const struct run_state *st)
{
	for (size_t i = 0; i < st->nkinds; i++) {
		const char *ex = st->kinds[i].example;
		bool lines = strncmp(ex, "line ", 5) == 0 && strstr(ex, ": ");
		if (st->kinds[i].n > SAME_KIND_SHOWN)
			cli_error(st->sub, "%s: %" PRIu64 " more %s like this: %s", st->path,
				  st->kinds[i].n - SAME_KIND_SHOWN, lines ? "lines" : "messages",
				  lines ? strstr(ex, ": ") + 2 : ex);
	}
}

/* ActiGraph .gt3x files are zip archives ("PK\3\4"). */
static bool is_zip(const char *path)
{
	unsigned char m[4] = {0};
	FILE *f = strcmp(path, "-") == 0 ? NULL : fopen(path, "rb");
	if (!f)
		return false;
	size_t n = fread(m, 1, 4, f);
	fclose(f);
	return n == 4 && m[0] == 'P' && m[1] == 'K' && m[2] == 3 && m[3] == 4;
}

static void on_problem(const struct budge_accel_problem *p, void *userdata)
{
	struct run_state *st = userdata;

	st->res->problems++;
	/* the decoders' messages say where (byte offset or line) */
	say_limited(st, p->message);
	snprintf(st->last_problem, sizeof(st->last_problem), "%s", p->message);
}

static void on_note(const char *msg, void *userdata)
{
	struct run_state *st = userdata;
	struct accel_cli_result *res = st->res;
	char line[300];

	snprintf(line, sizeof(line), "note: %s", msg);
	say_limited(st, line);
	if (res->nnotes < ACCEL_CLI_MAX_NOTES)
		snprintf(res->notes[res->nnotes++], sizeof(res->notes[0]), "%s", msg);
}

/* The pipeline's sink: the caller's, plus the dropped samples said. */
static int fwd_epoch(const struct budge_accel_epoch *e, void *userdata)
{
	const struct run_state *st = userdata;
	return st->opts->sink.epoch ? st->opts->sink.epoch(e, st->opts->sink.userdata) : 0;
}

static int fwd_gap(const struct budge_accel_gap *g, void *userdata)
{
	const struct run_state *st = userdata;
	return st->opts->sink.gap ? st->opts->sink.gap(g, st->opts->sink.userdata) : 0;
}

static int fwd_day(const struct budge_accel_day *d, void *userdata)
{
	const struct run_state *st = userdata;
	return st->opts->sink.day ? st->opts->sink.day(d, st->opts->sink.userdata) : 0;
}

static int on_drop(const struct budge_accel_drop *dr, void *userdata)
{
	struct run_state *st = userdata;
	char at[40], msg[256];

	accel_cli_iso(dr->start_us - st->shift_us, at, sizeof(at));
	if (dr->reason == BUDGE_DROP_RATE)
		snprintf(msg, sizeof(msg),
			 _("the block at %s has a sample rate of %.4g Hz, which counts cannot use "
			 "(30 to 100 Hz): its %zu samples dropped"),
			 at, dr->rate_hz, dr->n);
	else
		snprintf(msg, sizeof(msg),
			 _("time goes back at %s: %zu samples that overlap earlier ones dropped"), at,
			 dr->n);
	say_limited(st, msg);
	return st->opts->sink.drop ? st->opts->sink.drop(dr, st->opts->sink.userdata) : 0;
}

static int on_block(const struct budge_accel_block *b, void *userdata)
{
	struct run_state *st = userdata;
	struct budge_accel_block shifted = *b;
	int r;

	if (!st->pipe) {
		/* the device's metadata is known once data starts */
		const struct budge_accel_device *dev = &st->res->device;
		struct budge_accel_pipeline_opts po = {
			.epoch_s = st->opts->epoch_s,
			.site = st->opts->site,
			.device = dev,
			.fill_gaps = st->idle_sleep,
		};
		int32_t off = 0;
		bool shift = false;
		if (dev->has_utc_offset && dev->utc_offset_s > -86400 &&
		    dev->utc_offset_s < 86400) {
			/* device clocks keep local time: back to UTC, days
			 * at the device's offset */
			off = dev->utc_offset_s;
			shift = true;
		} else if (st->opts->device_clock_local && strcmp(dev->type, "csv") != 0) {
			/* the clock was set from this machine: its zone's
			 * offset at the start of the recording */
			time_t wall = (time_t)(b->start_us / 1000000);
			struct tm tm;
			if (gmtime_r(&wall, &tm)) {
				tm.tm_isdst = -1;
				time_t utc = mktime(&tm);
				if (utc != (time_t)-1 && wall - utc > -86400 && wall - utc < 86400) {
					off = (int32_t)(wall - utc);
					shift = true;
				}
			}
		}
		if (shift) {
			st->shift_us = -(int64_t)off * 1000000;
			po.utc_offset_s = off;
		}
		struct budge_accel_pipeline_sink ps = {.epoch = fwd_epoch,
						       .gap = fwd_gap,
						       .day = fwd_day,
						       .drop = on_drop,
						       .userdata = st};
		if ((r = budge_accel_pipeline_create(&po, &ps, &st->pipe)) < 0)
			return st->pipe_err = r;
	}
	shifted.start_us += st->shift_us;
	if ((r = budge_accel_pipeline_push(&shifted, st->pipe)) < 0)
		st->pipe_err = r;
	return r;
}

int accel_cli_run(const char *sub, const char *path, const struct accel_cli_opts *o,
		  struct accel_cli_result *res)
{
	struct run_state st = {
		.sub = sub, .path = path, .opts = o, .res = res, .idle_sleep = is_zip(path)};
	struct budge_accel_sink sink = {
		.block = on_block, .problem = on_problem, .note = on_note, .userdata = &st};
	struct budge_accel_file_info info = {0};
	char err[512] = "";
	int r, ret = BUDGE_EXIT_OK;

	memset(res, 0, sizeof(*res));
	r = budge_accel_file_decode(path, &o->file, &sink, &res->device, &info, err, sizeof(err));
	res->format = info.format;
	if (r < 0 && st.pipe_err == 0) {
		/* a fatal problem was already printed by on_problem */
		if (!(st.last_problem[0] && strstr(err, st.last_problem)))
			cli_error(sub, "%s", err[0] ? err : strerror(-r));
		say_suppressed(&st);
		ret = (r == -ENOMEM) ? BUDGE_EXIT_FAILURE : BUDGE_EXIT_INPUT;
		goto out;
	}
	if (st.pipe_err == 0 && !st.pipe) {
		cli_error(sub, _("%s: no samples in the file"), path);
		ret = BUDGE_EXIT_INPUT;
		goto out;
	}
	if (st.pipe_err == 0 && (r = budge_accel_pipeline_finish(st.pipe)) < 0)
		st.pipe_err = r;
	say_suppressed(&st);
	if (st.pipe)
		budge_accel_pipeline_totals(st.pipe, &res->totals);
	if (st.pipe_err == 0 && res->totals.samples == 0 && res->totals.dropped_rate > 0) {
		cli_error(sub,
			  "%s: ActiGraph counts need a sample rate of 30, 40, ..., 100 Hz; "
			  "this file's blocks are at %.4g Hz (%" PRIu64 " samples, none usable)",
			  path, res->totals.dropped_rate_hz, res->totals.dropped_rate);
		ret = BUDGE_EXIT_INPUT;
		goto out;
	}
	if (st.pipe_err < 0) {
		switch (st.pipe_err) {
		case -ERANGE:
			cli_error(sub, _("%s: the timestamps jump forward by more than a year"),
				  path);
			ret = BUDGE_EXIT_INPUT;
			break;
		case -EINVAL:
			cli_error(sub, _("%s: a data block has an invalid sample rate"), path);
			ret = BUDGE_EXIT_INPUT;
			break;
		case -EPIPE:
			ret = BUDGE_EXIT_FAILURE; /* output closed: quietly */
			break;
		default:
			cli_error(sub, _("%s: analysis failed: %s"), path, strerror(-st.pipe_err));
			ret = BUDGE_EXIT_FAILURE;
		}
		goto out;
	}
out:
	budge_accel_pipeline_destroy(st.pipe);
	return ret;
}

/* ---- output ---- */

static void json_str(FILE *f, const char *s)
{
	fputc('"', f);
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (c == '"' || c == '\\')
			fprintf(f, "\\%c", c);
		else if (c < 0x20)
			fprintf(f, "\\u%04x", c);
		else
			fputc(c, f);
	}
	fputc('"', f);
}

struct out_state {
	FILE *f;
	bool csv;
	int64_t day;      /* day of day_str */
	char day_str[40]; /* "YYYY-MM-DDT" */
	/* JSON: gaps and days are kept (few) until the end */
	struct budge_accel_gap *gaps;
	size_t ngaps, gcap;
	struct budge_accel_day *days;
	size_t ndays, dcap;
};

static char *put_u(char *p, uint64_t v)
{
	char tmp[24];
	int n = 0;
	do {
		tmp[n++] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	while (n)
		*p++ = tmp[--n];
	return p;
}

static int out_epoch(const struct budge_accel_epoch *e, void *userdata)
{
	struct out_state *o = userdata;
	char line[160], *p = line;

	if (!o->csv)
		return 0;
	/* a CSV row per epoch: formatted by hand, a week of 1-s epochs is
	 * 604,800 rows */
	int64_t s = e->start_us / 1000000, day = s / 86400 - (s % 86400 < 0);
	if (day != o->day || !o->day_str[0]) {
		accel_cli_iso(day * 86400 * 1000000, o->day_str, sizeof(o->day_str));
		o->day_str[11] = '\0'; /* "YYYY-MM-DDT" */
		o->day = day;
	}
	int64_t sod = s - day * 86400;
	memcpy(p, o->day_str, 11);
	p += 11;
	int f[3] = {(int)(sod / 3600), (int)(sod / 60 % 60), (int)(sod % 60)};
	for (int i = 0; i < 3; i++) {
		*p++ = (char)('0' + f[i] / 10);
		*p++ = (char)('0' + f[i] % 10);
		*p++ = i < 2 ? ':' : 'Z';
	}
	const uint32_t v[4] = {e->counts[0], e->counts[1], e->counts[2], e->counts_vm};
	for (int i = 0; i < 4; i++) {
		*p++ = ',';
		p = put_u(p, v[i]);
	}
	*p++ = ',';
	uint64_t milli = (uint64_t)llround(e->enmo_mg * 1000.0); /* three decimals */
	p = put_u(p, milli / 1000);
	*p++ = '.';
	*p++ = (char)('0' + milli / 100 % 10);
	*p++ = (char)('0' + milli / 10 % 10);
	*p++ = (char)('0' + milli % 10);
	*p++ = ',';
	p = put_u(p, e->steps);
	*p++ = ',';
	*p++ = e->nonwear ? '1' : '0';
	*p++ = '\n';
	if (fwrite(line, 1, (size_t)(p - line), o->f) != (size_t)(p - line))
		return -EPIPE;
	return 0;
}

static int grow(void **arr, size_t *cap, size_t n, size_t size)
{
	if (n < *cap)
		return 0;
	size_t nc = *cap ? *cap * 2 : 16;
	void *p = realloc(*arr, nc * size);
	if (!p)
		return -ENOMEM;
	*arr = p;
	*cap = nc;
	return 0;
}

static int out_gap(const struct budge_accel_gap *g, void *userdata)
{
	struct out_state *o = userdata;
	if (grow((void **)&o->gaps, &o->gcap, o->ngaps, sizeof(*g)) < 0)
		return -ENOMEM;
	o->gaps[o->ngaps++] = *g;
	return 0;
}

static int out_day(const struct budge_accel_day *d, void *userdata)
{
	struct out_state *o = userdata;
	if (grow((void **)&o->days, &o->dcap, o->ndays, sizeof(*d)) < 0)
		return -ENOMEM;
	o->days[o->ndays++] = *d;
	return 0;
}

static void print_json(FILE *f, const struct out_state *o, const struct accel_cli_result *r,
		       uint32_t epoch_s)
{
	char a[40], b[40];

	fprintf(f, "{\n  \"device\": {\"type\": ");
	json_str(f, r->device.type);
	fprintf(f, ", \"serial\": ");
	json_str(f, r->device.serial);
	fprintf(f, ", \"sample_rate_hz\": %.6g, \"range_g\": %.6g},\n", r->device.sample_rate_hz,
		r->device.range_g);
	fprintf(f, "  \"format\": \"%s\",\n", budge_accel_format_name(r->format));
	fprintf(f, "  \"site\": \"%s\",\n", budge_accel_site_name(r->totals.site));
	fprintf(f, "  \"epoch_s\": %u,\n", epoch_s);
	accel_cli_iso(r->totals.first_us, a, sizeof(a));
	accel_cli_iso(r->totals.end_us, b, sizeof(b));
	fprintf(f, "  \"start\": \"%s\",\n  \"end\": \"%s\",\n", a, b);
	fprintf(f, "  \"samples\": %" PRIu64 ",\n", r->totals.samples);
	fprintf(f, "  \"filled_samples\": %" PRIu64 ",\n", r->totals.filled);
	fprintf(f, "  \"problems\": %" PRIu64 ",\n", r->problems);
	fprintf(f, "  \"dropped_samples\": %" PRIu64 ",\n", r->totals.dropped + r->totals.dropped_rate);
	fprintf(f, "  \"notes\": [");
	for (size_t i = 0; i < r->nnotes; i++) {
		fputs(i ? ", " : "", f);
		json_str(f, r->notes[i]);
	}
	fprintf(f, "],\n");
	fprintf(f, "  \"gaps\": [");
	for (size_t i = 0; i < o->ngaps; i++) {
		accel_cli_iso(o->gaps[i].start_us, a, sizeof(a));
		accel_cli_iso(o->gaps[i].end_us, b, sizeof(b));
		fprintf(f,
			"%s\n    {\"start\": \"%s\", \"end\": \"%s\", \"duration_s\": %.3f, "
			"\"filled\": %s}",
			i ? "," : "", a, b, (double)(o->gaps[i].end_us - o->gaps[i].start_us) / 1e6,
			o->gaps[i].filled ? "true" : "false");
	}
	fprintf(f, "%s],\n  \"days\": [", o->ngaps ? "\n  " : "");
	for (size_t i = 0; i < o->ndays; i++) {
		const struct budge_accel_day *d = &o->days[i];
		fprintf(f,
			"%s\n    {\"date\": \"%s\", \"wear_s\": %u, \"sedentary_s\": %u, "
			"\"breaks\": %u, \"longest_sedentary_bout_s\": %u, \"light_s\": %u, "
			"\"moderate_s\": %u, \"vigorous_s\": %u, \"steps\": %u}",
			i ? "," : "", d->date, d->wear_s, d->sedentary_s, d->breaks,
			d->longest_sedentary_bout_s, d->light_s, d->moderate_s, d->vigorous_s,
			d->steps);
	}
	fprintf(f, "%s]\n}\n", o->ndays ? "\n  " : "");
}

static void usage(FILE *f)
{
	fprintf(f,
		"Usage: budge analyze [OPTIONS] FILE\n\n"
		"Analyse a wearable accelerometer recording (Axivity .cwa, ActiGraph .gt3x,\n"
		"CSV; .gz accepted; - reads standard input) without touching the database.\n\n"
		"Options:\n" ACCEL_CLI_HELP
		"Output:\n"
		"  -f, --format FORMAT   json (summary per day, default) or csv (one row per epoch)\n"
		"  -h, --help            show this help\n\n"
		"CSV columns: time,counts_x,counts_y,counts_z,counts_vm,enmo_mg,steps,nonwear\n"
		"See budge(1), \"Wearable data\", for every column and the methods.\n");
}

int cmd_analyze(int argc, char **argv)
{
	static const struct option longopts[] = {
		ACCEL_CLI_LONGOPTS,
		{"format", required_argument, NULL, 'f'},
		{"help", no_argument, NULL, 'h'},
		{0},
	};
	struct accel_cli_opts o = {.epoch_s = 60};
	struct out_state out = {.f = stdout};
	struct accel_cli_result res;
	int c, ret;

	if (cli_wants_help(argc, argv)) {
		usage(stdout);
		return BUDGE_EXIT_OK;
	}
	while ((c = getopt_long(argc, argv, ACCEL_CLI_SHORTOPTS "f:h", longopts, NULL)) != -1) {
		if (accel_cli_is_option(c)) {
			if (accel_cli_option(argv[0], c, optarg, &o) != BUDGE_EXIT_OK)
				return BUDGE_EXIT_USAGE;
			continue;
		}
		switch (c) {
		case 'f':
			if (strcmp(optarg, "csv") == 0)
				out.csv = true;
			else if (strcmp(optarg, "json") != 0) {
				cli_error(argv[0], _("--format: '%s' is not json or csv"), optarg);
				return BUDGE_EXIT_USAGE;
			}
			break;
		default:
			usage(stderr);
			return BUDGE_EXIT_USAGE;
		}
	}
	if (argc - optind != 1) {
		cli_error(argv[0], argc - optind == 0 ? "expected a FILE to analyse"
						      : "expected exactly one FILE");
		return BUDGE_EXIT_USAGE;
	}
	o.sink = (struct budge_accel_pipeline_sink){
		.epoch = out_epoch, .gap = out_gap, .day = out_day, .userdata = &out};
	if (out.csv)
		fputs("time,counts_x,counts_y,counts_z,counts_vm,enmo_mg,steps,nonwear\n", stdout);
	ret = accel_cli_run(argv[0], argv[optind], &o, &res);
	if (ret == BUDGE_EXIT_OK && !out.csv)
		print_json(stdout, &out, &res, o.epoch_s);
	if (fflush(stdout) != 0 && ret == BUDGE_EXIT_OK) {
		cli_error(argv[0], _("writing the output failed"));
		ret = BUDGE_EXIT_FAILURE;
	}
	free(out.gaps);
	free(out.days);
	return ret;
}
