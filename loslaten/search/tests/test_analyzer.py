"""The Dutch analyzer: folding, stemming, stop words, compounds and synonyms."""

from hypothesis import given, settings
from hypothesis import strategies as st

from loslaten.search.analyzer import (
    MAX_QUERY_WORDS,
    SYNONYMS,
    analyze,
    analyze_query,
    build_lexicon,
    fold,
    split_compound,
    stem,
    tokenize,
)


def shares_a_term(text: str, query: str) -> bool:
    """Whether every query word has an alternative among the text's index terms."""
    terms = set(analyze(text))
    groups = analyze_query(query)
    return bool(groups) and all(terms & set(group) for group in groups)


# --- folding and tokens ---------------------------------------------------------------


def test_fold_strips_diacritics_and_lowercases():
    assert fold("Één Ideeën café") == "een ideeen cafe"


def test_fold_turns_the_ij_ligature_into_two_letters():
    assert fold("ĳs") == "ijs"


def test_tokenize_splits_on_punctuation():
    assert tokenize("Adem, in; adem-uit!") == ["adem", "in", "adem", "uit"]


def test_tokenize_drops_single_letters_and_absurdly_long_tokens():
    assert tokenize("a b " + "x" * 41 + " rust") == ["rust"]


def test_accented_and_plain_spelling_give_the_same_terms():
    assert analyze("ideeën") == analyze("ideeen")
    assert analyze_query("geëmotioneerd") == analyze_query("geemotioneerd")


def test_een_with_accents_is_folded_to_een():
    # "één" and "een" become the same word, and that word is a stop word.
    assert analyze_query("één uitademing") == analyze_query("een uitademing")
    assert analyze_query("één uitademing") == analyze_query("uitademing")


def test_upper_case_query_matches_lower_case_text():
    assert shares_a_term("de ademhaling", "ADEMHALING")


# --- stop words -----------------------------------------------------------------------


def test_stop_words_are_not_indexed():
    assert analyze("de het een en van") == []


def test_stop_words_are_dropped_from_queries():
    assert analyze_query("de rust") == analyze_query("rust")


def test_a_query_of_only_stop_words_has_no_terms():
    assert analyze_query("de het een") == []


# --- stemming -------------------------------------------------------------------------


def test_inflections_share_a_stem():
    assert stem("ademen") == stem("adem")
    assert stem("hormonen") == stem("hormoon")
    assert stem("slapen") == stem("slaap")


def test_ademen_finds_ademhaling():
    assert shares_a_term("Let op je ademhaling.", "ademen")


def test_gevoelens_finds_gevoel():
    assert shares_a_term("Een gevoel mag er zijn.", "gevoelens")


# --- compounds ------------------------------------------------------------------------


def test_adem_finds_ademhalingsmoment():
    assert shares_a_term("Eén keer is al een ademhalingsmoment.", "adem")


def test_moment_finds_ademhalingsmoment():
    assert shares_a_term("Eén keer is al een ademhalingsmoment.", "moment")


def test_compound_with_linking_s_is_split():
    assert split_compound("ademhalingsmoment")[:2] == ("ademhaling", "adem")
    assert "moment" in split_compound("ademhalingsmoment")


def test_stress_finds_stresshormonen():
    assert shares_a_term("De stresshormonen zakken langzaam.", "stress")


def test_hormoon_finds_gelukshormonen():
    assert shares_a_term("Wat je gelukshormonen ermee te maken hebben", "hormoon")


def test_particle_prefix_is_split_off():
    assert shares_a_term("Een lange uitademing.", "adem")
    assert shares_a_term("Je gevoelens wegduwen.", "duwen")


def test_words_that_only_look_like_compounds_stay_whole():
    assert split_compound("verbinding") == ()
    assert split_compound("ontspanning") == ()
    assert split_compound("belangrijk") == ()


def test_spanning_does_not_find_its_opposite_ontspanning_by_splitting():
    assert stem("spanning") not in analyze("ontspanning")


def test_suffixes_are_never_parts():
    assert "lijkheid" not in split_compound("vriendelijkheid")


def test_short_words_are_not_split():
    assert split_compound("rust") == ()
    assert split_compound("") == ()


def test_compound_index_keeps_the_whole_word_first():
    terms = analyze("ademhalingsmoment")
    assert terms[0] == stem("ademhalingsmoment")
    assert "adem" in terms


def test_build_lexicon_keeps_long_words_without_stop_words():
    assert build_lexicon(["De adem en het hart, 2026 keer."]) == ["adem", "hart", "keer"]


# --- synonyms -------------------------------------------------------------------------


def test_each_query_word_starts_with_its_own_stem():
    assert analyze_query("ontspanning")[0][0] == stem("ontspanning")


def test_spanning_is_expanded_to_stress():
    assert stem("stress") in analyze_query("spanning")[0]


def test_synonyms_work_both_ways():
    assert stem("spanning") in analyze_query("stress")[0]
    assert stem("ontspanning") in analyze_query("rust")[0]
    assert stem("rust") in analyze_query("ontspanning")[0]


def test_piekeren_finds_malen():
    assert shares_a_term("Je hoofd blijft malen.", "piekeren")


def test_controle_finds_beheersen():
    assert shares_a_term("Alles willen beheersen.", "controle")


def test_synonym_groups_hold_no_duplicates():
    for word, others in SYNONYMS.items():
        assert word not in others
        assert len(others) == len(set(others))


def test_words_without_synonyms_have_one_alternative():
    assert analyze_query("kassa") == [[stem("kassa")]]


# --- queries --------------------------------------------------------------------------


def test_two_word_query_gives_two_groups():
    groups = analyze_query("rust adem")
    assert [g[0] for g in groups] == ["rust", "adem"]


def test_repeated_query_word_counts_once():
    assert analyze_query("adem ademen Adem") == analyze_query("adem")


def test_symbols_only_query_has_no_terms():
    assert analyze_query("?!#$%&*()") == []


def test_query_words_are_capped():
    words = " ".join(f"woord{i}x" for i in range(30))
    assert len(analyze_query(words)) == MAX_QUERY_WORDS


@given(st.text())
@settings(max_examples=300)
def test_analyze_query_never_raises(text):
    groups = analyze_query(text)
    for group in groups:
        assert group
        assert all(term.isalnum() and term.isascii() for term in group)


@given(st.text())
@settings(max_examples=200)
def test_analyze_never_raises_and_gives_safe_terms(text):
    assert all(term.isalnum() and term.isascii() for term in analyze(text))
