// time: durations, zone offsets, calendar dates and instants, what a responder types for a
// time (14:30, +2h, ISO 8601), and quiet hours for promised updates.
export { durationParts, parseDuration } from './duration.js';
export { promisedUpdate } from './quiet-hours.js';
export { formatLocal, formatSpan, isCalendarDate, ISO_DATETIME, parseCalendarDate, parseDateTime, toZonedIso, wallClock } from './time.js';
