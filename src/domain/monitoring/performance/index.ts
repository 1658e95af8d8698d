export { classificationMetrics, rocAuc, type ClassificationInput, type ClassificationResult, type ClassProbabilities } from './classification-metrics.js';
export { regressionMetrics, type RegressionResult } from './regression-metrics.js';
export { scorePredictions, type LabelledRow } from './score-predictions.js';
export { trainingBaseline } from './training-baseline.js';
export type { ClassMetrics, PerformanceMetrics } from './performance-types.js';
