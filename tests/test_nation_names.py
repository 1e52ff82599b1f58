"""Finding nations by what people type: the aliases data, the ranking, and its three users (admin picker, API search,
importer) finding the same nations."""

import pytest

from events import models, nation_names
from events.services.imports import DatasetError, dataset_import

pytestmark = pytest.mark.django_db

EVERY_ALIAS = [(name, code) for code, names in nation_names._data()["aliases"].items() for name in names]


def ranked(term):
    return list(models.Nation.objects.ranked_search(term).values_list("code", flat=True))


class TestAliasesData:
    @pytest.mark.parametrize(("alias", "code"), EVERY_ALIAS, ids=[alias for alias, _ in EVERY_ALIAS])
    def test_every_alias_names_exactly_its_nation(self, alias, code):
        assert list(models.Nation.objects.matching(alias).values_list("code", flat=True)) == [code]

    def test_no_alias_is_written_for_two_nations(self):
        by_alias = {}
        for alias, code in EVERY_ALIAS:
            by_alias.setdefault(nation_names.normalized(alias), set()).add(code)
        assert {alias: codes for alias, codes in by_alias.items() if len(codes) > 1} == {}

    @pytest.mark.parametrize(
        ("name", "codes"), [("Korea", ["KP", "KR"]), ("Congo", ["CD", "CG"]), ("virgin islands", ["VG", "VI"])]
    )
    def test_an_ambiguous_name_names_every_nation_it_may_mean(self, name, codes):
        assert sorted(models.Nation.objects.matching(name).values_list("code", flat=True)) == codes


class TestNormalized:
    @pytest.mark.parametrize(
        ("typed", "compared"),
        [
            ("U.S.A.", "usa"),
            ("Türkiye", "turkiye"),
            ("Côte d’Ivoire", "cote d'ivoire"),
            ("  The   Netherlands ", "netherlands"),
            ("Guinea-Bissau", "guinea bissau"),
            ("Trinidad & Tobago", "trinidad and tobago"),
            ("", ""),
            (None, ""),
        ],
    )
    def test_case_accents_dots_hyphens_spaces_and_the_are_ignored(self, typed, compared):
        assert nation_names.normalized(typed) == compared


class TestRanking:
    @pytest.mark.parametrize(
        ("term", "code"),
        [
            ("United States", "US"),
            ("US", "US"),
            ("usa", "US"),
            ("America", "US"),
            ("UK", "GB"),
            ("GB", "GB"),
            ("Britain", "GB"),
            ("Great Britain", "GB"),
            ("United Kingdom", "GB"),
            ("Turkey", "TR"),
            ("Türkiye", "TR"),
            ("turkiye", "TR"),
            ("Ivory Coast", "CI"),
            ("Cote d'Ivoire", "CI"),
            ("Czech Republic", "CZ"),
            ("Czechia", "CZ"),
            ("South Korea", "KR"),
            ("North Korea", "KP"),
            ("Russia", "RU"),
            ("Iran", "IR"),
            ("Syria", "SY"),
            ("Vietnam", "VN"),
            ("Laos", "LA"),
            ("Moldova", "MD"),
            ("Bolivia", "BO"),
            ("Venezuela", "VE"),
            ("Tanzania", "TZ"),
            ("Taiwan", "TW"),
            ("Palestine", "PS"),
            ("Vatican", "VA"),
            ("Holy See", "VA"),
            ("Holland", "NL"),
            ("Burma", "MM"),
            ("Swaziland", "SZ"),
            ("Macedonia", "MK"),
            ("Cape Verde", "CV"),
            ("East Timor", "TL"),
            ("DR Congo", "CD"),
            ("Congo-Brazzaville", "CG"),
            ("fra", "FR"),
            ("250", "FR"),
            ("French Republic", "FR"),
        ],
    )
    def test_an_exact_name_comes_first(self, term, code):
        assert ranked(term)[0] == code

    def test_united_states_is_not_the_united_mexican_states(self):
        # Exact, then a name starting with it, then one containing it ("Virgin Islands of the United States").
        assert ranked("United States") == ["US", "UM", "VI"]

    def test_uk_is_the_united_kingdom_then_ukraine(self):
        assert ranked("UK")[:2] == ["GB", "UA"]

    def test_exact_then_prefix_then_contains(self):
        assert ranked("Guinea") == ["GN", "GW", "GQ", "PG"]
        ranks = nation_names.ranks(
            "Guinea",
            models.Nation.objects.values_list("pk", "code", "alpha3", "numeric", "name", "iso_name", "official_name"),
        )
        by_code = dict(models.Nation.objects.filter(pk__in=ranks).values_list("code", "pk"))
        assert {code: ranks[pk] for code, pk in by_code.items()} == {
            "GN": nation_names.EXACT,
            "GW": nation_names.PREFIX,
            "GQ": nation_names.CONTAINS,
            "PG": nation_names.CONTAINS,
        }

    def test_a_name_meaning_several_nations_lists_them_all_first(self):
        assert ranked("Korea")[:2] == ["KP", "KR"]
        assert ranked("Congo")[:2] == ["CG", "CD"]  # by name: "Congo" before "Congo, The Democratic Republic of the"

    @pytest.mark.parametrize("term", ["", "   ", "zzzz"])
    def test_nothing_found(self, term):
        assert ranked(term) == []

    def test_matching_is_exact_only(self):
        assert list(models.Nation.objects.matching("Fran").values_list("code", flat=True)) == []
        assert list(models.Nation.objects.matching("ivory coast").values_list("code", flat=True)) == ["CI"]


class TestTheSameNationsEverywhere:
    @pytest.mark.parametrize(("term", "code"), [("UK", "GB"), ("Ivory Coast", "CI"), ("Turkey", "TR")])
    def test_api_search_finds_aliases(self, api, term, code):
        response = api.get("/api/v1/nations/", {"search": term})
        assert code in [nation["code"] for nation in response.json()["results"]]

    def test_importer_resolves_aliases(self):
        data = {
            "organizations": [
                {
                    "slug": "test-union",
                    "name": "Test union",
                    "memberships": [{"start_date": "2020-01-01", "nations": ["UK", "Ivory Coast", "Turkey", "USA"]}],
                }
            ]
        }
        dataset_import(data=data)
        codes = models.Membership.objects.values_list("nation__code", flat=True)
        assert sorted(codes) == ["CI", "GB", "TR", "US"]

    def test_importer_refuses_a_name_that_means_several_nations(self):
        data = {
            "organizations": [
                {
                    "slug": "test-union",
                    "name": "Test union",
                    "memberships": [{"start_date": "2020-01-01", "nations": ["Congo"]}],
                }
            ]
        }
        with pytest.raises(DatasetError) as caught:
            dataset_import(data=data)
        assert list(caught.value.errors.values()) == [["'Congo' may mean CD or CG: give the ISO code."]]
        assert not models.Organization.objects.filter(slug="test-union").exists()
