"""Response examples for the OpenAPI document, taken from the Paris talks as the API returns them.

tests/api/test_schema.py checks each against the live API on the seed data (ids and timestamps aside),
so they cannot drift from what clients really get. Long lists are cut to a few items.
"""

MEETING = {
    "slug": "paris-ukraine-security-force-2025",
    "title": "Paris talks on an international security force for Ukraine",
    "summary": "Military representatives from more than 30 nations met in Paris to discuss forming an international "
    "security force for Ukraine, led by France and Britain, to deter future Russian aggression should a "
    "ceasefire take effect. NATO and non-NATO countries took part; Japan, South Korea, Australia and New "
    "Zealand joined remotely, while the United States, Croatia and Montenegro declined. Final decisions "
    "rest with political leaders.",
    "purpose": "Plan an international security force to deter future Russian offensives after a ceasefire in Ukraine",
    "start_date": "2025-03-11",
    "end_date": "2025-03-11",
    "start_time": None,
    "end_time": None,
    "timezone": "",
    "city": "Paris",
    "venue": "",
    "host_country": {"code": "FR", "alpha3": "FRA", "name": "France"},
    "format": "hybrid",
    "status": "held",
    "level": "military",
    "reported_nation_count": 30,
    "reported_nation_count_qualifier": "more_than",
    "parent": None,
    "sources": [
        {
            "id": 1,
            "outlet": "Newslooks",
            "title": "30+ Nations Discuss Military Support for Ukraine in Paris",
            "url": "",
        }
    ],
    "participations": [
        {
            "id": 1,
            "nation": {"code": "FR", "alpha3": "FRA", "name": "France"},
            "role": {"code": "lead", "name": "Lead"},
            "status": "attended",
            "attendance_mode": "unspecified",
            "representative": "",
            "notes": "",
        },
        {
            "id": 6,
            "nation": {"code": "JP", "alpha3": "JPN", "name": "Japan"},
            "role": {"code": "participant", "name": "Participant"},
            "status": "attended",
            "attendance_mode": "remote",
            "representative": "",
            "notes": "",
        },
        {
            "id": 10,
            "nation": {"code": "UA", "alpha3": "UKR", "name": "Ukraine"},
            "role": {"code": "participant", "name": "Participant"},
            "status": "attended",
            "attendance_mode": "unspecified",
            "representative": "official of the National Security and Defense Council",
            "notes": "",
        },
        {
            "id": 11,
            "nation": {"code": "US", "alpha3": "USA", "name": "United States"},
            "role": {"code": "participant", "name": "Participant"},
            "status": "declined",
            "attendance_mode": None,
            "representative": "",
            "notes": "Invited; declined to attend.",
        },
    ],
    "sessions": [
        {"id": 1, "order": 1, "title": "France and Britain present their security blueprint", "description": ""},
        {
            "id": 2,
            "order": 2,
            "title": "Nations declare their military contributions",
            "description": "Countries are asked what they can contribute; final decisions rest with political leaders.",
        },
    ],
    "created_at": "2025-03-12T08:30:00Z",
    "updated_at": "2025-03-12T08:30:00Z",
}

PARTICIPATION = {
    "id": 10,
    "meeting": {
        "slug": "paris-ukraine-security-force-2025",
        "title": "Paris talks on an international security force for Ukraine",
        "start_date": "2025-03-11",
    },
    "nation": {"code": "UA", "alpha3": "UKR", "name": "Ukraine"},
    "role": {"code": "participant", "name": "Participant"},
    "status": "attended",
    "attendance_mode": "unspecified",
    "representative": "official of the National Security and Defense Council",
    "notes": "",
    "sources": [
        {
            "id": 1,
            "outlet": "Newslooks",
            "title": "30+ Nations Discuss Military Support for Ukraine in Paris",
            "url": "",
        }
    ],
    "created_at": "2025-03-12T08:30:00Z",
    "updated_at": "2025-03-12T08:30:00Z",
}

NATION = {
    "code": "HR",
    "alpha3": "HRV",
    "numeric": "191",
    "name": "Croatia",
    "iso_name": "Croatia",
    "official_name": "Republic of Croatia",
    "memberships": [
        {
            "id": 60,
            "organization": {"slug": "eu", "name": "European Union", "short_name": "EU"},
            "start_date": "2013-07-01",
            "end_date": None,
        },
        {
            "id": 28,
            "organization": {"slug": "nato", "name": "North Atlantic Treaty Organization", "short_name": "NATO"},
            "start_date": "2009-04-01",
            "end_date": None,
        },
    ],
    "created_at": "2025-03-12T08:30:00Z",
    "updated_at": "2025-03-12T08:30:00Z",
}

ORGANIZATION = {
    "slug": "nato",
    "name": "North Atlantic Treaty Organization",
    "short_name": "NATO",
    "kind": "alliance",
    "description": "Military alliance founded by the North Atlantic Treaty of 4 April 1949.",
    "members": [
        {
            "id": 4,
            "nation": {"code": "FR", "alpha3": "FRA", "name": "France"},
            "start_date": "1949-08-24",
            "end_date": None,
        },
        {
            "id": 28,
            "nation": {"code": "HR", "alpha3": "HRV", "name": "Croatia"},
            "start_date": "2009-04-01",
            "end_date": None,
        },
        {
            "id": 32,
            "nation": {"code": "SE", "alpha3": "SWE", "name": "Sweden"},
            "start_date": "2024-03-07",
            "end_date": None,
        },
    ],
    "created_at": "2025-03-12T08:30:00Z",
    "updated_at": "2025-03-12T08:30:00Z",
}

MEMBERSHIP = {
    "id": 28,
    "organization": {"slug": "nato", "name": "North Atlantic Treaty Organization", "short_name": "NATO"},
    "nation": {"code": "HR", "alpha3": "HRV", "name": "Croatia"},
    "start_date": "2009-04-01",
    "end_date": None,
    "created_at": "2025-03-12T08:30:00Z",
    "updated_at": "2025-03-12T08:30:00Z",
}

ROLE = {
    "code": "lead",
    "name": "Lead",
    "description": "Leads or co-leads the meeting or the effort it serves.",
    "created_at": "2025-03-12T08:30:00Z",
    "updated_at": "2025-03-12T08:30:00Z",
}

SESSION = {
    "id": 1,
    "meeting": {
        "slug": "paris-ukraine-security-force-2025",
        "title": "Paris talks on an international security force for Ukraine",
        "start_date": "2025-03-11",
    },
    "order": 1,
    "title": "France and Britain present their security blueprint",
    "description": "",
    "created_at": "2025-03-12T08:30:00Z",
    "updated_at": "2025-03-12T08:30:00Z",
}

CONTRIBUTION = {
    "id": 1,
    "meeting": {
        "slug": "paris-ukraine-security-force-2025",
        "title": "Paris talks on an international security force for Ukraine",
        "start_date": "2025-03-11",
    },
    "organization": None,
    "nation": None,
    "category": "stockpiles",
    "description": "Weapons stockpiles stationed so that they could be rushed into Ukraine within hours or days in "
    "the event of a Russian attack; the force would not deploy troops immediately.",
    "quantity": None,
    "unit": "",
    "status": "proposed",
    "sources": [
        {
            "id": 1,
            "outlet": "Newslooks",
            "title": "30+ Nations Discuss Military Support for Ukraine in Paris",
            "url": "",
        }
    ],
    "created_at": "2025-03-12T08:30:00Z",
    "updated_at": "2025-03-12T08:30:00Z",
}

SOURCE = {
    "id": 1,
    "outlet": "Newslooks",
    "title": "30+ Nations Discuss Military Support for Ukraine in Paris",
    "author": "J. Mansour",
    "programme": "Morning Edition",
    "dateline": "WASHINGTON",
    "url": "",
    "published_date": None,
    "notes": 'Written on Monday 10 March 2025, the day before the talks ("a French military official confirmed '
    'Monday"); the article gives no publication date or address of its own.',
    "citations": [
        {
            "id": 1,
            "quote": "This coalition will consist of nations ‘able and willing’ to safeguard Ukraine",
            "speaker": "French military official",
            "speaker_is_anonymous": True,
            "speaker_nation": {"code": "FR", "alpha3": "FRA", "name": "France"},
            "meeting": {
                "slug": "paris-ukraine-security-force-2025",
                "title": "Paris talks on an international security force for Ukraine",
                "start_date": "2025-03-11",
            },
            "context": "The official spoke anonymously to discuss the classified planning process.",
        },
        {
            "id": 2,
            "quote": "This is not about demanding contributions—it’s about seeing what each country can bring",
            "speaker": "French military official",
            "speaker_is_anonymous": True,
            "speaker_nation": {"code": "FR", "alpha3": "FRA", "name": "France"},
            "meeting": {
                "slug": "paris-ukraine-security-force-2025",
                "title": "Paris talks on an international security force for Ukraine",
                "start_date": "2025-03-11",
            },
            "context": "On the second session, in which nations declare their military contributions.",
        },
        {
            "id": 3,
            "quote": "Final participation decisions will be made at the political level",
            "speaker": "French military official",
            "speaker_is_anonymous": True,
            "speaker_nation": {"code": "FR", "alpha3": "FRA", "name": "France"},
            "meeting": {
                "slug": "paris-ukraine-security-force-2025",
                "title": "Paris talks on an international security force for Ukraine",
                "start_date": "2025-03-11",
            },
            "context": "On the absence of the United States and some NATO allies.",
        },
    ],
    "created_at": "2025-03-12T08:30:00Z",
    "updated_at": "2025-03-12T08:30:00Z",
}

CITATION = {
    "id": 1,
    "source": {
        "id": 1,
        "outlet": "Newslooks",
        "title": "30+ Nations Discuss Military Support for Ukraine in Paris",
        "url": "",
    },
    "quote": "This coalition will consist of nations ‘able and willing’ to safeguard Ukraine",
    "speaker": "French military official",
    "speaker_is_anonymous": True,
    "speaker_nation": {"code": "FR", "alpha3": "FRA", "name": "France"},
    "meeting": {
        "slug": "paris-ukraine-security-force-2025",
        "title": "Paris talks on an international security force for Ukraine",
        "start_date": "2025-03-11",
    },
    "context": "The official spoke anonymously to discuss the classified planning process.",
    "created_at": "2025-03-12T08:30:00Z",
    "updated_at": "2025-03-12T08:30:00Z",
}
