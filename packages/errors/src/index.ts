export { AppError, type AppErrorOptions, errors, type FieldIssue } from './app-error.js';
export { fromDatabaseError } from './from-database.js';
export { fromZodError } from './from-zod.js';
export { PROBLEM_CONTENT_TYPE, type Problem, toProblem } from './problem.js';
