"""Fill a stream's classification from its free-text name when the user gave no code."""

from veturi.engine import lexicon
from veturi.streams.models import ClassificationMethod, ResourceStream


def classify_if_unclassified(stream: ResourceStream) -> None:
    """Set the lexicon's code on a stream that has neither a waste code nor a taxonomy code.

    A name the lexicon cannot resolve leaves the stream flagged for the office to review.
    """
    if stream.ewc_code or stream.taxonomy_code:
        stream.classification_method = ClassificationMethod.MANUAL
        stream.classification_confidence = None
        stream.needs_review = False
        return
    result = lexicon.classify(stream.name, kind=stream.kind)
    stream.classification_confidence = result.confidence
    if result.resolved and result.code:
        if result.scheme == "ewc":
            stream.ewc_code = result.code
        else:
            stream.taxonomy_code = result.code
        stream.classification_method = ClassificationMethod.LEXICON
        stream.needs_review = False
        for key, value in (result.quality or {}).items():
            stream.quality.setdefault(key, value)
    else:
        stream.classification_method = ClassificationMethod.NONE
        stream.needs_review = True
