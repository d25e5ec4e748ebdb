"""Pure NPS rules: classification, score, confidence interval, benchmark band."""
