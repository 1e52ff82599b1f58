// Meetings Ukraine took part in, newest first, and every nation, page after page, typed by the generated schema.
import type { components, paths } from "../../build/sdk/typescript/schema";
import { every, PageError } from "./pages.js";

type MeetingQuery = NonNullable<paths["/api/v1/meetings/"]["get"]["parameters"]["query"]>;
type Meeting = components["schemas"]["Meeting"];
type Nation = components["schemas"]["Nation"];
type Participation = components["schemas"]["MeetingParticipation"];

const BASE_URL = process.env.EVENTAPI_URL ?? "http://127.0.0.1:8000";

function meetingsUrl(query: MeetingQuery): string {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(query)) {
    for (const item of [value].flat()) params.append(name, String(item));
  }
  return `${BASE_URL}/api/v1/meetings/?${params}`;
}

const participantKey = (participation: Participation): string => participation.participant.key;

for await (const meeting of every<Meeting>(meetingsUrl({ nation: ["UA"], ordering: ["-start_date"] }))) {
  console.log(meeting.start_date, meeting.title, meeting.participations.map(participantKey).join(" "));
}

let nations = 0;
for await (const _nation of every<Nation>(`${BASE_URL}/api/v1/nations/?limit=100`)) nations += 1;
console.log(nations, "nations");

try {
  for await (const _meeting of every<Meeting>(meetingsUrl({ nation: ["ZZ"] }))) break;
} catch (error) {
  if (!(error instanceof PageError)) throw error;
  console.log(error.error.status, error.error.code, JSON.stringify(error.error.errors));
}
