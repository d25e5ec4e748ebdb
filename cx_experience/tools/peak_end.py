"""Peak-end rule (Kahneman) applied to the touchpoints of a customer journey.

A journey is remembered by its most intense moment (the peak, seed 001: 体验过程中最强烈
的时刻, positive or negative) and by its end, not by the average of its touchpoints.
Emotions are integers from -5 (furious) to +5 (delighted).
"""

EMOTION_MIN = -5
EMOTION_MAX = 5


def check_emotion(emotion):
    """Raise ``ValueError`` unless ``emotion`` is an integer in -5..+5."""
    if isinstance(emotion, bool) or not isinstance(emotion, int):
        raise ValueError(f"emotion must be an integer, got {emotion!r}")
    if not EMOTION_MIN <= emotion <= EMOTION_MAX:
        raise ValueError(f"emotion {emotion} outside {EMOTION_MIN}..{EMOTION_MAX}")
    return emotion


def peak_index(emotions):
    """Index of the most intense moment: the largest ``|emotion|``; on a tie the
    negative one (a bad moment outweighs a good one), then the latest."""
    return max(
        range(len(emotions)),
        key=lambda i: (abs(emotions[i]), emotions[i] < 0, i),
    )


def analyse(emotions):
    """Peak-end analysis of ``emotions`` given in journey order (stage order, then time).

    Returns ``{"peak", "trough", "end", "score"}``: peak = the most intense emotion
    (see :func:`peak_index`), trough = the lowest, end = the last touchpoint's
    emotion, score = (peak + end) / 2. An empty journey gives zeros.
    """
    emotions = [check_emotion(e) for e in emotions]
    if not emotions:
        return {"peak": 0, "trough": 0, "end": 0, "score": 0.0}
    peak, end = emotions[peak_index(emotions)], emotions[-1]
    return {
        "peak": peak,
        "trough": min(emotions),
        "end": end,
        "score": (peak + end) / 2.0,
    }
