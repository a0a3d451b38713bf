/* SPDX-License-Identifier: MIT */
/* Meetings from iCalendar files, expanded with libical (loaded on demand). */
#include "calendar.h"

#include <dlfcn.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "ical-abi.h"
#include "budge/i18n.h"

#define MAX_FILE (64L * 1024 * 1024)
#define DAY_S 86400

__attribute__((format(printf, 3, 4))) static void set_err(char *err, size_t len, const char *fmt,
                                                          ...)
{
	va_list ap;

	if (!err || !len)
		return;
	va_start(ap, fmt);
	vsnprintf(err, len, fmt, ap);
	va_end(ap);
}

/* ---- spans ---- */

void budge_cal_spans_init(struct budge_cal_spans *s)
{
	*s = (struct budge_cal_spans){0};
}

void budge_cal_spans_finish(struct budge_cal_spans *s)
{
	if (!s)
		return;
	free(s->v);
	*s = (struct budge_cal_spans){0};
}

static int spans_push(struct budge_cal_spans *s, int64_t start, int64_t end)
{
	if (s->n == s->cap) {
		size_t cap = s->cap ? s->cap * 2 : 16;
		struct budge_cal_span *v = realloc(s->v, cap * sizeof(*v));
		if (!v)
			return -ENOMEM;
		s->v = v;
		s->cap = cap;
	}
	s->v[s->n++] = (struct budge_cal_span){.start = start, .end = end};
	return 0;
}

static int cmp_span(const void *a, const void *b)
{
	const struct budge_cal_span *x = a, *y = b;

	if (x->start != y->start)
		return x->start < y->start ? -1 : 1;
	return (x->end > y->end) - (x->end < y->end);
}

void budge_cal_spans_merge(struct budge_cal_spans *s)
{
	size_t w = 0;

	if (!s || s->n < 2)
		return;
	qsort(s->v, s->n, sizeof(s->v[0]), cmp_span);
	for (size_t i = 1; i < s->n; i++) {
		if (s->v[i].start <= s->v[w].end) {
			if (s->v[i].end > s->v[w].end)
				s->v[w].end = s->v[i].end;
		} else {
			s->v[++w] = s->v[i];
		}
	}
	s->n = w + 1;
}

/* ---- file names ---- */

int budge_calendar_path_at(const char *list, size_t i, char *buf, size_t len)
{
	const char *p = list ? list : "";

	for (size_t k = 0;; k++) {
		while (*p == ' ' || *p == '\t')
			p++;
		const char *comma = strchr(p, ',');
		size_t n = comma ? (size_t)(comma - p) : strlen(p);
		while (n > 0 && (p[n - 1] == ' ' || p[n - 1] == '\t'))
			n--;
		if (k == i) {
			if (n == 0)
				return -ENOENT;
			int w;
			if (n >= 2 && p[0] == '~' && p[1] == '/') {
				const char *home = getenv("HOME");
				if (!home || !*home)
					return -EINVAL;
				w = snprintf(buf, len, "%s%.*s", home, (int)(n - 1), p + 1);
			} else {
				w = snprintf(buf, len, "%.*s", (int)n, p);
			}
			return w < 0 || (size_t)w >= len ? -ENAMETOOLONG : 0;
		}
		if (!comma)
			return -ENOENT;
		p = comma + 1;
	}
}

/* ---- libical, loaded on demand ---- */

/* libical is loaded with dlopen() when a calendar is configured, never
 * linked: the coach (`budge run`) maps it only then. The handle is kept
 * until exit (one load per process). */
static struct {
	bool tried, ok;
	char why[256];
	void *(*parse_string)(const char *);
	void (*component_free)(void *);
	int (*component_isa)(const void *);
	void *(*first_component)(void *, int);
	void *(*next_component)(void *, int);
	void *(*first_property)(void *, int);
	int (*count_properties)(void *, int);
	struct budge_ical_time (*get_dtstart)(void *);
	int (*get_status)(void *);
	const char *(*get_uid)(void *);
	struct budge_ical_time (*get_recurrenceid)(void *);
	int (*property_get_transp)(const void *);
	void (*foreach_recurrence)(void *, struct budge_ical_time, struct budge_ical_time,
	                           void (*)(void *, struct budge_ical_span *, void *), void *);
	struct budge_ical_time (*from_timet_with_zone)(time_t, int, const void *);
	time_t (*as_timet_with_zone)(struct budge_ical_time, const void *);
	void *(*utc_zone)(void);
} li;

int budge_calendar_lib_load(char *err, size_t errlen)
{
	if (li.tried) {
		if (!li.ok)
			set_err(err, errlen, "%s", li.why);
		return li.ok ? 0 : -ENOTSUP;
	}
	li.tried = true;
	void *h = dlopen("libical.so.3", RTLD_NOW | RTLD_LOCAL);
	if (!h) {
		const char *e = dlerror();
		snprintf(li.why, sizeof(li.why),
		         _("reading calendars needs libical (Debian package libical3): %s"),
		         e ? e : "cannot load libical.so.3");
		set_err(err, errlen, "%s", li.why);
		return -ENOTSUP;
	}
	/* POSIX: a void * from dlsym() converts to a function pointer. */
#define LI_SYM(field, name)                                                                        \
	do {                                                                                       \
		void *sym_ = dlsym(h, name);                                                       \
		if (!sym_) {                                                                       \
			snprintf(li.why, sizeof(li.why),                                           \
			         "reading calendars needs libical 3 (Debian package "              \
			         "libical3); the libical.so.3 found lacks %s",                     \
			         name);                                                            \
			set_err(err, errlen, "%s", li.why);                                        \
			dlclose(h);                                                                \
			return -ENOTSUP;                                                           \
		}                                                                                  \
		memcpy(&li.field, &sym_, sizeof(sym_));                                            \
	} while (0)
	LI_SYM(parse_string, "icalparser_parse_string");
	LI_SYM(component_free, "icalcomponent_free");
	LI_SYM(component_isa, "icalcomponent_isa");
	LI_SYM(first_component, "icalcomponent_get_first_component");
	LI_SYM(next_component, "icalcomponent_get_next_component");
	LI_SYM(first_property, "icalcomponent_get_first_property");
	LI_SYM(count_properties, "icalcomponent_count_properties");
	LI_SYM(get_dtstart, "icalcomponent_get_dtstart");
	LI_SYM(get_status, "icalcomponent_get_status");
	LI_SYM(get_uid, "icalcomponent_get_uid");
	LI_SYM(get_recurrenceid, "icalcomponent_get_recurrenceid");
	LI_SYM(property_get_transp, "icalproperty_get_transp");
	LI_SYM(foreach_recurrence, "icalcomponent_foreach_recurrence");
	LI_SYM(from_timet_with_zone, "icaltime_from_timet_with_zone");
	LI_SYM(as_timet_with_zone, "icaltime_as_timet_with_zone");
	LI_SYM(utc_zone, "icaltimezone_get_utc_timezone");
#undef LI_SYM
	li.ok = true;
	return 0;
}

/* ---- expansion ---- */

/* A time libical computed as if it were UTC, but floating (no zone): the
 * same wall-clock time in the local time zone. */
static int64_t floating_to_local(time_t fake_utc)
{
	struct tm tm;

	if (!gmtime_r(&fake_utc, &tm))
		return (int64_t)fake_utc;
	tm.tm_isdst = -1;
	return (int64_t)mktime(&tm);
}

/* A RECURRENCE-ID: this VEVENT replaces the instance of the event with
 * this UID that started at `at`. */
struct override {
	const char *uid; /* borrowed from the parsed tree */
	int64_t at;
};

struct expand {
	struct budge_cal_spans *out;
	int64_t from, to;
	bool floating;
	bool master;     /* an event that may have overrides */
	const char *uid; /* borrowed */
	const struct override *ov;
	size_t n_ov;
	int appended;
	int error;
};

static void on_instance(void *comp, struct budge_ical_span *span, void *userdata)
{
	struct expand *x = userdata;
	int64_t s = (int64_t)span->start, e = (int64_t)span->end;

	(void)comp;
	if (x->error)
		return;
	if (x->floating) {
		s = floating_to_local(span->start);
		e = floating_to_local(span->end);
	}
	if (e <= s || e <= x->from || s >= x->to)
		return;
	if (x->master && x->uid) {
		for (size_t i = 0; i < x->n_ov; i++)
			if (x->ov[i].at == s && strcmp(x->ov[i].uid, x->uid) == 0)
				return; /* replaced (or cancelled) by an override */
	}
	if (spans_push(x->out, s, e) < 0) {
		x->error = -ENOMEM;
		return;
	}
	x->appended++;
}

static int64_t ical_to_unix(struct budge_ical_time t)
{
	const void *utc = li.utc_zone();
	time_t v = li.as_timet_with_zone(t, t.zone ? t.zone : utc);

	return t.zone ? (int64_t)v : floating_to_local(v);
}

/* Visit the VEVENTs of every VCALENDAR under root. */
typedef int (*event_fn)(void *ev, void *userdata);

static int each_event(void *root, event_fn fn, void *userdata)
{
	int kind = li.component_isa(root);

	if (kind == BUDGE_ICAL_VCALENDAR_COMPONENT) {
		for (void *ev = li.first_component(root, BUDGE_ICAL_VEVENT_COMPONENT); ev;
		     ev = li.next_component(root, BUDGE_ICAL_VEVENT_COMPONENT)) {
			int r = fn(ev, userdata);
			if (r < 0)
				return r;
		}
		return 0;
	}
	if (kind == BUDGE_ICAL_XROOT_COMPONENT) {
		for (void *cal = li.first_component(root, BUDGE_ICAL_VCALENDAR_COMPONENT); cal;
		     cal = li.next_component(root, BUDGE_ICAL_VCALENDAR_COMPONENT)) {
			int r = each_event(cal, fn, userdata);
			if (r < 0)
				return r;
		}
	}
	return 0;
}

struct pass {
	struct override *ov;
	size_t n_ov, cap_ov;
	struct expand x;
	struct budge_ical_time lo, hi;
	int skipped;
};

static bool has_prop(void *comp, int kind)
{
	return li.first_property(comp, kind) != NULL;
}

static int collect_override(void *ev, void *userdata)
{
	struct pass *p = userdata;
	const char *uid;

	p->skipped += li.count_properties(ev, BUDGE_ICAL_XLICERROR_PROPERTY);
	if (!has_prop(ev, BUDGE_ICAL_RECURRENCEID_PROPERTY) || !(uid = li.get_uid(ev)))
		return 0;
	if (p->n_ov == p->cap_ov) {
		size_t cap = p->cap_ov ? p->cap_ov * 2 : 8;
		struct override *v = realloc(p->ov, cap * sizeof(*v));
		if (!v)
			return -ENOMEM;
		p->ov = v;
		p->cap_ov = cap;
	}
	p->ov[p->n_ov++] =
	    (struct override){.uid = uid, .at = ical_to_unix(li.get_recurrenceid(ev))};
	return 0;
}

static int expand_event(void *ev, void *userdata)
{
	struct pass *p = userdata;

	if (!has_prop(ev, BUDGE_ICAL_DTSTART_PROPERTY)) {
		p->skipped++;
		return 0;
	}
	struct budge_ical_time start = li.get_dtstart(ev);
	/* all-day events, free time and cancelled events are not meetings */
	if (start.is_date || li.get_status(ev) == BUDGE_ICAL_STATUS_CANCELLED)
		return 0;
	void *transp = li.first_property(ev, BUDGE_ICAL_TRANSP_PROPERTY);
	if (transp) {
		int t = li.property_get_transp(transp);
		if (t == BUDGE_ICAL_TRANSP_TRANSPARENT ||
		    t == BUDGE_ICAL_TRANSP_TRANSPARENTNOCONFLICT)
			return 0;
	}
	p->x.floating = start.zone == NULL;
	p->x.master = !has_prop(ev, BUDGE_ICAL_RECURRENCEID_PROPERTY);
	p->x.uid = li.get_uid(ev);
	p->x.ov = p->ov;
	p->x.n_ov = p->n_ov;
	li.foreach_recurrence(ev, p->lo, p->hi, on_instance, &p->x);
	return p->x.error;
}

int budge_calendar_expand(const char *text, const char *name, int64_t from, int64_t to,
                          struct budge_cal_spans *out, int *skipped, char *err, size_t errlen)
{
	struct pass p = {0};
	void *root = NULL;
	int r;

	if (skipped)
		*skipped = 0;
	r = budge_calendar_lib_load(err, errlen);
	if (r < 0)
		return r;
	if (!strstr(text, "BEGIN:VCALENDAR") || !(root = li.parse_string(text))) {
		set_err(err, errlen,
		        _("%s: not an iCalendar file (expected BEGIN:VCALENDAR ... "
		        "END:VCALENDAR)"),
		        name);
		return -EBADMSG;
	}
	int kind = li.component_isa(root);
	if (kind != BUDGE_ICAL_VCALENDAR_COMPONENT && kind != BUDGE_ICAL_XROOT_COMPONENT) {
		set_err(err, errlen,
		        _("%s: not an iCalendar file (expected BEGIN:VCALENDAR ... "
		        "END:VCALENDAR)"),
		        name);
		r = -EBADMSG;
		goto out;
	}
	const void *utc = li.utc_zone();
	/* a wider window: floating times are converted after libical's
	 * expansion, and an event of yesterday may last into the window */
	p.lo = li.from_timet_with_zone((time_t)(from - 2 * DAY_S), 0, utc);
	p.hi = li.from_timet_with_zone((time_t)(to + 2 * DAY_S), 0, utc);
	p.x = (struct expand){.out = out, .from = from, .to = to};
	p.skipped = kind == BUDGE_ICAL_VCALENDAR_COMPONENT
	                ? li.count_properties(root, BUDGE_ICAL_XLICERROR_PROPERTY)
	                : 0;
	r = each_event(root, collect_override, &p);
	if (r >= 0)
		r = each_event(root, expand_event, &p);
	if (r < 0) {
		set_err(err, errlen, _("%s: out of memory"), name);
		goto out;
	}
	r = p.x.appended;
	if (skipped)
		*skipped = p.skipped;
out:
	free(p.ov);
	li.component_free(root);
	return r;
}

int budge_calendar_expand_file(const char *path, int64_t from, int64_t to,
                               struct budge_cal_spans *out, int *skipped, char *err, size_t errlen)
{
	FILE *f = NULL;
	char *buf = NULL;
	struct stat st;
	int r;

	if (skipped)
		*skipped = 0;
	f = fopen(path, "re");
	if (!f) {
		r = -errno;
		set_err(err, errlen, "%s: %s", path, strerror(-r));
		return r;
	}
	if (fstat(fileno(f), &st) < 0) {
		r = -errno;
		set_err(err, errlen, "%s: %s", path, strerror(-r));
		goto out;
	}
	if (S_ISDIR(st.st_mode)) {
		r = -EISDIR;
		set_err(err, errlen, _("%s: is a directory (expected an .ics file)"), path);
		goto out;
	}
	if (st.st_size > MAX_FILE) {
		r = -EFBIG;
		set_err(err, errlen, _("%s: larger than %ld MiB: not read"), path,
		        MAX_FILE / 1024 / 1024);
		goto out;
	}
	size_t cap = (size_t)st.st_size + 1, n = 0;
	buf = malloc(cap);
	if (!buf) {
		r = -ENOMEM;
		set_err(err, errlen, _("%s: out of memory"), path);
		goto out;
	}
	/* the size may change while we read: read until EOF, within the cap */
	for (;;) {
		size_t k = fread(buf + n, 1, cap - 1 - n, f);
		n += k;
		if (k == 0 || n == cap - 1)
			break;
	}
	if (ferror(f)) {
		r = -EIO;
		set_err(err, errlen, _("%s: read error"), path);
		goto out;
	}
	buf[n] = '\0';
	r = budge_calendar_expand(buf, path, from, to, out, skipped, err, errlen);
out:
	free(buf);
	if (f)
		fclose(f);
	return r;
}
