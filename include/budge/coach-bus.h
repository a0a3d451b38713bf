/* SPDX-License-Identifier: MIT */
/* The coach's D-Bus contract: the names the daemon (src/daemon/bus-api.c)
 * serves and the CLI's control commands call. Documented in budge(1),
 * D-BUS INTERFACE. Only names here: no sd-bus types, no functions. */
#ifndef BUDGE_COACH_BUS_H
#define BUDGE_COACH_BUS_H

#define BUDGE_BUS_NAME "org.budge.Coach1"
#define BUDGE_BUS_PATH "/org/budge/Coach1"
#define BUDGE_BUS_IFACE "org.budge.Coach1"

/* Error names of the replies. */
#define BUDGE_BUS_ERROR_NO_PROMPT "org.budge.Coach1.Error.NoPrompt"
#define BUDGE_BUS_ERROR_STOPPED "org.budge.Coach1.Error.Stopped"
#define BUDGE_BUS_ERROR_INVALID_CONFIG "org.budge.Coach1.Error.InvalidConfig"
#define BUDGE_BUS_ERROR_STORE "org.budge.Coach1.Error.Store"

/* The properties, X(name, D-Bus signature, what a change emits:
 * `change` = PropertiesChanged with the value, `invalidation` = without it,
 * for the one that changes every second), in the order of the vtable. */
#define BUDGE_BUS_PROPERTIES(X)                   \
	X(State, "s", change)                     \
	X(SittingSeconds, "t", invalidation)      \
	X(NextPromptAt, "t", change)              \
	X(NextMovement, "s", change)              \
	X(PlanWeek, "i", change)                  \
	X(PausedUntil, "t", change)               \
	X(OpenPrompt, "u", change)                \
	X(MeetingUntil, "t", change)              \
	X(MeetingSources, "as", change)

#endif
