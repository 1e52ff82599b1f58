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
    "host_country": {
        "code": "FR",
        "alpha3": "FRA",
        "name": "France",
    },
    "format": "hybrid",
    "status": "held",
    "level": "military",
    "series": {
        "slug": "coalition-of-the-willing",
        "name": "Coalition of the willing",
    },
    "parent": None,
    "participants_complete": False,
    "reported_counts": [
        {
            "id": 1,
            "count": 30,
            "qualifier": "more_than",
            "basis": "stated",
            "basis_note": "",
            "sources": [
                {
                    "id": 1,
                    "outlet": "Newslooks",
                    "title": "30+ Nations Discuss Military Support for Ukraine in Paris",
                    "url": "",
                },
            ],
        },
    ],
    "named_nation_count": 10,
    "count_conflict": False,
    "reported_nation_count": 30,
    "reported_nation_count_qualifier": "more_than",
    "relations": [],
    "related_from": [],
    "sources": [
        {
            "id": 1,
            "outlet": "Newslooks",
            "title": "30+ Nations Discuss Military Support for Ukraine in Paris",
            "url": "",
        },
    ],
    "participations": [
        {
            "id": 1,
            "participant": {
                "kind": "nation",
                "key": "FR",
                "name": "France",
            },
            "nation": {
                "code": "FR",
                "alpha3": "FRA",
                "name": "France",
            },
            "organization": None,
            "role": {
                "code": "lead",
                "name": "Lead",
            },
            "status": "attended",
            "attendance_mode": "unspecified",
            "basis": "stated",
            "notes": "",
            "delegates": [],
            "representative": "",
        },
        {
            "id": 6,
            "participant": {
                "kind": "nation",
                "key": "JP",
                "name": "Japan",
            },
            "nation": {
                "code": "JP",
                "alpha3": "JPN",
                "name": "Japan",
            },
            "organization": None,
            "role": {
                "code": "participant",
                "name": "Participant",
            },
            "status": "attended",
            "attendance_mode": "remote",
            "basis": "stated",
            "notes": "",
            "delegates": [],
            "representative": "",
        },
        {
            "id": 10,
            "participant": {
                "kind": "nation",
                "key": "UA",
                "name": "Ukraine",
            },
            "nation": {
                "code": "UA",
                "alpha3": "UKR",
                "name": "Ukraine",
            },
            "organization": None,
            "role": {
                "code": "participant",
                "name": "Participant",
            },
            "status": "attended",
            "attendance_mode": "unspecified",
            "basis": "stated",
            "notes": "",
            "delegates": [
                {
                    "id": 1,
                    "person": None,
                    "description": "official of the National Security and Defense Council",
                    "office": "",
                    "level": "official",
                    "attendance_mode": None,
                    "sessions": [],
                    "basis": "stated",
                },
            ],
            "representative": "official of the National Security and Defense Council",
        },
        {
            "id": 11,
            "participant": {
                "kind": "nation",
                "key": "US",
                "name": "United States",
            },
            "nation": {
                "code": "US",
                "alpha3": "USA",
                "name": "United States",
            },
            "organization": None,
            "role": {
                "code": "participant",
                "name": "Participant",
            },
            "status": "declined",
            "attendance_mode": None,
            "basis": "stated",
            "notes": "Invited; declined to attend.",
            "delegates": [],
            "representative": "",
        },
    ],
    "sessions": [
        {
            "id": 1,
            "order": 1,
            "title": "France and Britain present their security blueprint",
            "description": "",
            "date": None,
            "start_time": None,
            "end_time": None,
        },
        {
            "id": 2,
            "order": 2,
            "title": "Nations declare their military contributions",
            "description": "Countries are asked what they can contribute; final decisions rest with political leaders.",
            "date": None,
            "start_time": None,
            "end_time": None,
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
    "participant": {
        "kind": "nation",
        "key": "UA",
        "name": "Ukraine",
    },
    "nation": {
        "code": "UA",
        "alpha3": "UKR",
        "name": "Ukraine",
    },
    "organization": None,
    "role": {
        "code": "participant",
        "name": "Participant",
    },
    "status": "attended",
    "attendance_mode": "unspecified",
    "basis": "stated",
    "basis_note": "",
    "notes": "",
    "delegates": [
        {
            "id": 1,
            "person": None,
            "description": "official of the National Security and Defense Council",
            "office": "",
            "level": "official",
            "attendance_mode": None,
            "sessions": [],
            "basis": "stated",
        },
    ],
    "representative": "official of the National Security and Defense Council",
    "sources": [
        {
            "id": 1,
            "outlet": "Newslooks",
            "title": "30+ Nations Discuss Military Support for Ukraine in Paris",
            "url": "",
        },
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
    "date": None,
    "start_time": None,
    "end_time": None,
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
    "recipient": None,
    "categories": [
        "stockpiles",
    ],
    "category": "stockpiles",
    "description": "Weapons stockpiles stationed so that they could be rushed into Ukraine within hours or days in the "
    "event of a Russian attack; the force would not deploy troops immediately.",
    "quantity": None,
    "unit": "",
    "amount": None,
    "currency": None,
    "announced_on": None,
    "status": "proposed",
    "basis": "stated",
    "basis_note": "",
    "sources": [
        {
            "id": 1,
            "outlet": "Newslooks",
            "title": "30+ Nations Discuss Military Support for Ukraine in Paris",
            "url": "",
        },
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
            "speaker_person": None,
            "speaker_nation": {
                "code": "FR",
                "alpha3": "FRA",
                "name": "France",
            },
            "speaker_organization": None,
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
            "speaker_person": None,
            "speaker_nation": {
                "code": "FR",
                "alpha3": "FRA",
                "name": "France",
            },
            "speaker_organization": None,
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
            "speaker_person": None,
            "speaker_nation": {
                "code": "FR",
                "alpha3": "FRA",
                "name": "France",
            },
            "speaker_organization": None,
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
    "speaker_person": None,
    "speaker_nation": {
        "code": "FR",
        "alpha3": "FRA",
        "name": "France",
    },
    "speaker_organization": None,
    "meeting": {
        "slug": "paris-ukraine-security-force-2025",
        "title": "Paris talks on an international security force for Ukraine",
        "start_date": "2025-03-11",
    },
    "context": "The official spoke anonymously to discuss the classified planning process.",
    "created_at": "2025-03-12T08:30:00Z",
    "updated_at": "2025-03-12T08:30:00Z",
}


SERIES = {
    "slug": "coalition-of-the-willing",
    "name": "Coalition of the willing",
    "description": 'Meetings of the nations "able and willing" to help safeguard Ukraine after a ceasefire, led by the '
    "United Kingdom and France from March 2025: leaders' calls and summits, and their military planners' "
    "meetings.",
    "meetings": [
        {
            "slug": "paris-ukraine-security-force-2025",
            "title": "Paris talks on an international security force for Ukraine",
            "start_date": "2025-03-11",
        },
    ],
    "created_at": "2025-03-12T08:30:00Z",
    "updated_at": "2025-03-12T08:30:00Z",
}


DELEGATE = {
    "id": 1,
    "participation": {
        "id": 10,
        "meeting": {
            "slug": "paris-ukraine-security-force-2025",
            "title": "Paris talks on an international security force for Ukraine",
            "start_date": "2025-03-11",
        },
        "participant": {
            "kind": "nation",
            "key": "UA",
            "name": "Ukraine",
        },
    },
    "person": None,
    "description": "official of the National Security and Defense Council",
    "office": "",
    "level": "official",
    "attendance_mode": None,
    "sessions": [],
    "basis": "stated",
    "basis_note": "",
    "sources": [
        {
            "id": 1,
            "outlet": "Newslooks",
            "title": "30+ Nations Discuss Military Support for Ukraine in Paris",
            "url": "",
        },
    ],
    "created_at": "2025-03-12T08:30:00Z",
    "updated_at": "2025-03-12T08:30:00Z",
}


REPORTED_COUNT = {
    "id": 1,
    "meeting": {
        "slug": "paris-ukraine-security-force-2025",
        "title": "Paris talks on an international security force for Ukraine",
        "start_date": "2025-03-11",
    },
    "count": 30,
    "qualifier": "more_than",
    "basis": "stated",
    "basis_note": "",
    "sources": [
        {
            "id": 1,
            "outlet": "Newslooks",
            "title": "30+ Nations Discuss Military Support for Ukraine in Paris",
            "url": "",
        },
    ],
    "created_at": "2025-03-12T08:30:00Z",
    "updated_at": "2025-03-12T08:30:00Z",
}


# Request examples: every write operation's, each one succeeding against the shipped data (tests/live/test_examples.py
# sends them all, in this order, to a server holding only the seed). `KEYS` are the objects the examples of PUT and
# PATCH change, given as the path parameter's example.
PARIS = "paris-ukraine-security-force-2025"
KEYS = {
    "meetings": PARIS,
    "series": "coalition-of-the-willing",
    "reported-counts": 1,
    "meeting-relations": 1,
    "people": 1,
    "delegates": 1,
    "organizations": "nato",
    "memberships": 28,
    "roles": "observer",
    "sessions": 1,
    "participations": 10,
    "contributions": 3,
    "sources": 1,
    "citations": 1,
}
REQUESTS = {
    "meetings": {
        "create": {
            "slug": "rome-follow-up-2025",
            "title": "Follow-up talks in Rome",
            "start_date": "2025-04-02",
            "city": "Rome",
            "host_country": "IT",
            "format": "in_person",
            "status": "held",
            "level": "ministers",
            "parent": PARIS,
            "sources": [1],
        },
        "update": {
            "slug": PARIS,
            "title": "Paris talks on an international security force for Ukraine",
            "start_date": "2025-03-11",
            "end_date": "2025-03-11",
            "city": "Paris",
            "venue": "École militaire",
            "host_country": "FR",
            "format": "hybrid",
            "status": "held",
            "level": "military",
            "series": "coalition-of-the-willing",
            "participants_complete": False,
            "sources": [1],
        },
        "partial_update": {"venue": "École militaire"},
    },
    "organizations": {
        "create": {
            "slug": "jef",
            "name": "Joint Expeditionary Force",
            "short_name": "JEF",
            "kind": "coalition",
            "description": "A UK-led coalition of northern European states.",
        },
        "update": {
            "slug": "nato",
            "name": "North Atlantic Treaty Organization",
            "short_name": "NATO",
            "kind": "alliance",
            "description": "Military alliance founded by the North Atlantic Treaty of 4 April 1949.",
        },
        "partial_update": {"short_name": "NATO"},
    },
    "memberships": {
        "create": {"organization": "nato", "nation": "UA", "start_date": "2030-01-01"},
        "update": {"organization": "nato", "nation": "HR", "start_date": "2009-04-01", "end_date": None},
        "partial_update": {"end_date": None},
    },
    "roles": {
        "create": {"code": "guest", "name": "Guest", "description": "Invited to one session."},
        "update": {"code": "observer", "name": "Observer", "description": "Attends without taking part in decisions."},
        "partial_update": {"name": "Observer"},
    },
    "series": {
        "create": {
            "slug": "jef-leaders",
            "name": "Joint Expeditionary Force leaders' meetings",
            "description": "Summits of the leaders of the UK-led Joint Expeditionary Force.",
        },
        "update": {
            "slug": "coalition-of-the-willing",
            "name": "Coalition of the willing",
            "description": "Meetings of the nations able and willing to help safeguard Ukraine after a ceasefire.",
        },
        "partial_update": {"name": "Coalition of the willing"},
    },
    "reported-counts": {
        "create": {
            "meeting": PARIS,
            "count": 30,
            "qualifier": "at_least",
            "basis": "inferred",
            "basis_note": 'Read from the headline\'s "30+".',
            "sources": [1],
        },
        "update": {"meeting": PARIS, "count": 30, "qualifier": "more_than", "basis": "stated", "sources": [1]},
        "partial_update": {"basis_note": 'The article: "More than 30 nations will attend".'},
    },
    "meeting-relations": {
        "create": {
            "from_meeting": "coalition-leaders-call-2025-03-15",
            "kind": "prepares",
            "to_meeting": "northwood-military-planners-2025-03-20",
            "basis": "inferred",
            "basis_note": "Starmer announced after the call that military chiefs would meet in the UK that Thursday.",
            "sources": [5],
        },
        "update": {
            "from_meeting": "coalition-leaders-call-2025-03-15",
            "kind": "follows_up",
            "to_meeting": PARIS,
            "basis": "inferred",
            "basis_note": "Downing Street said leaders would hear an update on the week's defence talks in Paris.",
            "sources": [13],
        },
        "partial_update": {"basis_note": "Downing Street said leaders would hear an update on the talks in Paris."},
    },
    "people": {
        "create": {"name": "Example Person", "notes": "Chief of defence staff of a participating nation."},
        "update": {"name": "Example Person", "wikidata_id": "", "notes": "Chief of defence staff."},
        "partial_update": {"notes": "Chief of defence staff."},
    },
    "delegates": {
        "create": {
            "participation": 1,
            "description": "French military official",
            "level": "official",
            "basis": "inferred",
            "basis_note": "The official who briefed the press is taken to be one of France's delegates.",
            "sources": [1],
        },
        "update": {
            "participation": 10,
            "description": "official of the National Security and Defense Council",
            "office": "",
            "level": "official",
            "sessions": [1, 2],
            "sources": [1],
        },
        "partial_update": {"office": "National Security and Defense Council of Ukraine"},
    },
    "sessions": {
        "create": {"meeting": PARIS, "order": 3, "title": "Closing statements", "description": "Press conference."},
        "update": {
            "meeting": PARIS,
            "order": 1,
            "title": "France and Britain present their security blueprint",
            "description": "",
        },
        "partial_update": {"description": "The blueprint was presented by the two leading nations."},
    },
    "participations": {
        "create": {
            "meeting": PARIS,
            "nation": "DE",
            "role": "participant",
            "status": "attended",
            "attendance_mode": "in_person",
            "sources": [1],
        },
        "update": {
            "meeting": PARIS,
            "nation": "UA",
            "role": "participant",
            "status": "attended",
            "attendance_mode": "unspecified",
            "basis": "stated",
            "notes": "",
            "sources": [1],
        },
        "partial_update": {"notes": "Represented by a security and defence council official."},
    },
    "contributions": {
        "create": {
            "meeting": PARIS,
            "nation": "GB",
            "categories": ["troops"],
            "description": "Ground troops for the force, once a ceasefire holds.",
            "status": "proposed",
            "sources": [1],
        },
        "update": {
            "meeting": PARIS,
            "categories": ["heavy_weaponry"],
            "description": "Heavy weaponry.",
            "status": "proposed",
            "sources": [1],
        },
        "partial_update": {"sources": [1]},
    },
    "sources": {
        "create": {
            "outlet": "Example Wire",
            "title": "Coalition planners meet again",
            "url": "https://example.org/news/coalition-planners-meet-again",
            "published_date": "2025-03-21",
            "notes": "An example source: the address is not a real report.",
        },
        "update": {
            "outlet": "Newslooks",
            "title": "30+ Nations Discuss Military Support for Ukraine in Paris",
            "author": "J. Mansour",
            "programme": "Morning Edition",
            "dateline": "WASHINGTON",
        },
        "partial_update": {"author": "J. Mansour"},
    },
    "citations": {
        "create": {
            "source": 1,
            "quote": "Ukraine will be represented by a security and defense council official.",
            "speaker": "Newslooks",
            "meeting": PARIS,
        },
        "update": {
            "source": 1,
            "quote": "This coalition will consist of nations ‘able and willing’ to safeguard Ukraine",
            "speaker": "French military official",
            "speaker_is_anonymous": True,
            "speaker_nation": "FR",
            "meeting": PARIS,
            "context": "The official spoke anonymously to discuss the classified planning process.",
        },
        "partial_update": {"context": "The official spoke anonymously to discuss the classified planning process."},
    },
    "imports": {
        "create": {
            "sources": [{"ref": "wire", "outlet": "Test Wire", "title": "Coalition planners meet in Northwood"}],
            "meetings": [
                {
                    "slug": "northwood-planners-2025",
                    "title": "Military planners' meeting at Northwood",
                    "start_date": "2025-03-20",
                    "city": "Northwood",
                    "host_country": "GB",
                    "level": "military",
                    "status": "held",
                    "sources": ["wire"],
                    "participations": [
                        {"nation": "GB", "role": "host", "status": "attended", "attendance_mode": "in_person"}
                    ],
                }
            ],
        }
    },
}
