/* Monban SDK: the timed-job service of the scheduler plugin (since 1.2).
 *
 * A plugin with work to do at set times (a transfer to controllers at 03:00, a sync every five
 * minutes) registers a job here instead of running a timer of its own. The scheduler runs it in
 * server local time, never twice at once, records every run (start, end, outcome) in the
 * database, applies the job's missed-run policy after downtime and clock jumps, offers "run now"
 * to operators, and raises an alarm when a job is overdue by more than a minute. Time comes from
 * the host clock (`clock_now_ms`), so a test moves it by hand. Declare
 * { MONBAN_JOBS_SERVICE, 1, 0 } in `requires_services`, acquire the table while initialising,
 * add jobs in `start` and remove them in `stop`. */
#ifndef MONBAN_SDK_JOBS_H
#define MONBAN_SDK_JOBS_H

#include <stdint.h>

#include <monban/sdk/host_api.h>

#ifdef __cplusplus
extern "C" {
#endif

/** The service name to acquire (major 1). (since 1.2) */
#define MONBAN_JOBS_SERVICE "monban.jobs"

/** Missed-run policies: what happens to runs that fell due while the server was down or the
 *  clock jumped over them. (since 1.2) */
#define MONBAN_JOB_MISSED_RUN_ONCE 1 /**< run once, at once, however many were missed */
#define MONBAN_JOB_MISSED_SKIP 2     /**< record them as skipped and wait for the next time */

/** Why a run started. (since 1.2) */
#define MONBAN_JOB_TRIGGER_SCHEDULE 1 /**< its time came */
#define MONBAN_JOB_TRIGGER_MISSED 2   /**< catching up a missed time (MONBAN_JOB_MISSED_RUN_ONCE) */
#define MONBAN_JOB_TRIGGER_MANUAL 3   /**< an operator's "run now" */

/** One run, as the job's function sees it. (since 1.2) */
typedef struct monban_job_run {
  uint32_t struct_size; /**< sizeof(monban_job_run) as the scheduler was built */
  int32_t trigger;      /**< one of MONBAN_JOB_TRIGGER_* */
  const char* job_id;
  int64_t due_ms;     /**< the scheduled time this run is for (its start time for manual runs) */
  int64_t started_ms; /**< host clock at the start */
  int64_t run_id;     /**< the run's row in the run history */
} monban_job_run;

/** Where the job function reports what it did; opaque, valid until the function returns.
 *  (since 1.2) */
typedef struct monban_job_outcome monban_job_outcome;

/** Does the job's work, on a scheduler worker thread; must not throw. MONBAN_OK records the run
 *  as "ok" (or "skipped" when the function said so through `skipped`), anything else as
 *  "failed". (since 1.2) */
typedef monban_status (*monban_job_function)(void* user_data, const monban_job_run* run, monban_job_outcome* outcome);

/** A job to add. Strings are copied. (since 1.2) */
typedef struct monban_job {
  uint32_t struct_size; /**< sizeof(monban_job) as the plugin was built */
  /** Unique id, "<plugin>.<name>" by convention. An id of a seed job (docs/scheduler.md:
   *  "transfer.calendars", "transfer.permissions", "controllers.time_sync") binds the function
   *  to that job, which keeps the schedule, policy and condition the scheduler's config gives it. */
  const char* id;
  const char* title; /**< for people, English; NULL for a seed job */
  /** When it runs, server local time: "at 02:20,10:20,18:20", "every 5 minutes", or an RFC 5545
   *  recurrence rule "rrule FREQ=WEEKLY;BYDAY=MO;BYHOUR=3;BYMINUTE=0". NULL for a seed job. */
  const char* schedule;
  int32_t missed_run; /**< one of MONBAN_JOB_MISSED_*; 0 for a seed job */
  monban_job_function function;
  void* user_data; /**< passed to the function; must stay valid until the job is removed */
} monban_job;

/** The job service table. (since 1.2) */
typedef struct monban_jobs_service {
  uint32_t struct_size; /**< sizeof(monban_jobs_service) as the scheduler was built */
  /** Adds (or binds) a job for the calling plugin. MONBAN_ERR_INVALID_ARGUMENT for a malformed
   *  schedule or an id already taken by another plugin. */
  monban_status (*add_job)(monban_plugin_context* caller, const monban_job* job);
  /** Removes the calling plugin's jobs; waits for their runs in progress to end. */
  monban_status (*remove_jobs)(monban_plugin_context* caller);
  /** Starts a run now (trigger manual). MONBAN_ERR_WRONG_STATE while the job is running,
   *  MONBAN_ERR_NOT_FOUND for an unknown id. */
  monban_status (*run_now)(monban_plugin_context* caller, const char* job_id);
  /** Sets the message recorded with the run (copied), e.g. "sent to 48 controllers". */
  void (*set_message)(monban_job_outcome* outcome, const char* message);
  /** Records the run as "skipped" (nothing to do) instead of "ok". */
  void (*skipped)(monban_job_outcome* outcome);
  void* reserved[8]; /**< NULL; room for later members */
} monban_jobs_service;

#ifdef __cplusplus
}
#endif

#endif
