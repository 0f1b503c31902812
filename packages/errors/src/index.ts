export { AppError, errors, type AppErrorOptions, type FieldIssue } from './app-error.js';
export { toProblem, PROBLEM_CONTENT_TYPE, type Problem } from './problem.js';
export { fromZodError } from './from-zod.js';
export { fromDatabaseError } from './from-database.js';
