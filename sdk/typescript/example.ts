// Meetings Ukraine took part in, newest first, with the nation codes of their participations.
import type { components, paths } from "../../build/sdk/typescript/schema";

type MeetingQuery = NonNullable<paths["/api/v1/meetings/"]["get"]["parameters"]["query"]>;
type MeetingPage = paths["/api/v1/meetings/"]["get"]["responses"][200]["content"]["application/json"];
type ApiError = components["schemas"]["Error"];
type Participation = components["schemas"]["MeetingParticipation"];

const BASE_URL = "http://127.0.0.1:8000";

async function listMeetings(query: MeetingQuery): Promise<MeetingPage> {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(query)) {
    for (const item of [value].flat()) params.append(name, String(item));
  }
  const response = await fetch(`${BASE_URL}/api/v1/meetings/?${params}`);
  if (!response.ok) {
    const error = (await response.json()) as ApiError;
    throw new Error(`${error.status} ${error.detail} ${JSON.stringify(error.errors)}`);
  }
  return (await response.json()) as MeetingPage;
}

const nationCode = (participation: Participation): string => participation.nation.code;

const page = await listMeetings({ nation: ["UA"], ordering: ["-start_date"], limit: 10 });
for (const meeting of page.results) {
  console.log(meeting.start_date, meeting.title, meeting.participations.map(nationCode).join(" "));
}
