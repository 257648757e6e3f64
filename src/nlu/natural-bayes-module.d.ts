/**
 * natural's naive Bayes on its own. The package's `classifiers/index.js` also loads the maxent
 * classifier and its POS-tagging corpus, about 17 MB of heap that every major GC would then
 * mark; this module is the one class we use, typed by natural's own declaration of it.
 */
declare module 'natural/lib/natural/classifiers/bayes_classifier.js' {
  import type { BayesClassifier } from 'natural/lib/natural/classifiers/index.js';

  const Bayes: typeof BayesClassifier;
  export default Bayes;
}
