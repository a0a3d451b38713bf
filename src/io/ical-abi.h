/* SPDX-License-Identifier: MIT */
#ifndef BUDGE_DAEMON_ICAL_ABI_H
#define BUDGE_DAEMON_ICAL_ABI_H

/*
 * The few pieces of libical 3's ABI (libical.so.3, Debian package libical3)
 * that calendar.c uses, declared here so that budge builds without
 * libical-dev: the library is loaded with dlopen() only when a calendar is
 * configured, so that the coach does not map it otherwise. The layouts and
 * values are those of <libical/ical.h> 3.x; tests/unit/test-calendar.c
 * compares them with the real header when libical-dev is installed.
 */

#include <time.h>

/* struct icaltimetype */
struct budge_ical_time {
	int year, month, day, hour, minute, second;
	int is_date;
	int is_daylight;
	const void *zone; /* icaltimezone *; NULL = floating */
};

/* struct icaltime_span */
struct budge_ical_span {
	time_t start; /* UTC */
	time_t end;
	int is_busy;
};

/* icalcomponent_kind */
#define BUDGE_ICAL_ANY_COMPONENT 1
#define BUDGE_ICAL_XROOT_COMPONENT 2
#define BUDGE_ICAL_VEVENT_COMPONENT 4
#define BUDGE_ICAL_VCALENDAR_COMPONENT 7
/* icalproperty_kind */
#define BUDGE_ICAL_ANY_PROPERTY 0
#define BUDGE_ICAL_DTSTART_PROPERTY 32
#define BUDGE_ICAL_RECURRENCEID_PROPERTY 66
#define BUDGE_ICAL_TRANSP_PROPERTY 80
#define BUDGE_ICAL_XLICERROR_PROPERTY 93
/* icalproperty_transp */
#define BUDGE_ICAL_TRANSP_TRANSPARENT 11003
#define BUDGE_ICAL_TRANSP_TRANSPARENTNOCONFLICT 11004
/* icalproperty_status */
#define BUDGE_ICAL_STATUS_CANCELLED 10905

#endif
