<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="en">
<context>
    <name>ApiClient</name>
    <message>
        <source>No answer from the server within %1 s.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Only SUGGESTED, APPROVED or REJECTED can be sent for a relationship.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The server&apos;s answer is not a relationship: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The server answered with relationship %1 instead of %2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A bulk update needs at least one id and a known status.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The server&apos;s answer to a bulk update is not a JSON object.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No integration source is set.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The server sent only the first page of the list (Link: rel=&quot;next&quot;); paged lists are not supported yet.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The server&apos;s list of columns is not a JSON array.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancelled.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The certificate of %1 was not accepted: %2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>If %1 uses a private certificate authority, add it with --ca-certificates FILE (PEM).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The server answered the request for %1 with status &quot;%2&quot; for relationship %3; not confirmed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The server answered for relationship %1 with integration source %2, not %3 (the one being reviewed); not confirmed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The server closed the connection (HTTP/2 GOAWAY) before answering.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The server closed the connection (HTTP/2 GOAWAY) before this request started.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ApiError</name>
    <message>
        <source>The server gave no HTTP answer.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No answer from the server in time.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The server refused the connection.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The server closed the connection before answering.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Host not found.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The TLS handshake failed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The server redirects in a loop; not asked again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The server redirects to another origin, where the token is not sent; not asked again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Network error %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Token rejected</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not found</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The server refused the request</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The server timed out</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The request is too large for the server</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rate limited by the server; retry after %1 s.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rate limited by the server.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Server error</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unexpected answer from the server</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The server&apos;s answer is larger than %1, the limit for it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The server announces %1, more than the %2 free in %3; not downloaded.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not write the download to %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>TLS handshake with %1 failed: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The transfer did not finish within %1 s (the time limit for a call); stopped.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The server refused the connection (%1).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Host %1 not found.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 redirects in a loop; not asked again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 redirects to another origin, where the token is not sent; not asked again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Network error: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>belongs to integration source %1, not %2 (the one asked for); the list is not used</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The system names no cache folder for downloads.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not create the download folder %1.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ApprovedExport</name>
    <message>
        <source>%1: cannot be written: %2</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ApprovedRelationships</name>
    <message numerus="yes">
        <source>%n approved relationship(s) left out: a table or column name is unknown (name the tables with a CSV file of table_id,name: --table-names FILE, or File → Import table names…)</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
</context>
<context>
    <name>BulkCommand</name>
    <message>
        <source>Show the usage.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The rows to decide, as a filter query.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>SUGGESTED, APPROVED or REJECTED.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Only print what would change.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Apply without asking.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No progress lines.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>bulk: unexpected argument &apos;%1&apos;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>bulk: --source UUID is required</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>bulk: --where QUERY is required (&quot;&quot; for every relationship)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>bulk: --where: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>bulk: --status STATUS is required</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>bulk: --status must be SUGGESTED, APPROVED or REJECTED</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>bulk: --dry-run and --yes contradict each other</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>bulk: set the token in the environment variable %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reading the relationships of %1 from %2…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Column names not available; to: and from: match short ids.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1; asking again in %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the server&apos;s answer is not a valid list: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 of %2 relationships match %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>(everything)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Scores of the relationships that change:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Dry run: nothing was changed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>relreview-cli: nothing applied; add --yes to apply these %1 decisions, or --dry-run to only preview them</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Apply %1 decisions (%2) to %3? Type yes: </source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nothing was changed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the journal refused the decisions: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>set a valid token in %1 and run relreview-cli sync</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: %2%3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Applied: %1 of %2 confirmed; %3 not confirmed (step %4 in the journal)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Time limit in seconds for each transfer, silent or not.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>cannot create a file for the download: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the server&apos;s list</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 min</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 h</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1/%2  confirmed %3 · failed %4</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> · %1/s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> · about %1 left</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>  bulk --base-url URL --source UUID [scope options] --where QUERY --status STATUS
       [--dry-run] [--yes] [--max-bulk N] [--max-in-flight N] [--max-attempts N]
  bulk --snapshot FILE --where QUERY --status STATUS [--dry-run] [--yes]
      Decide every relationship the query matches (the filter bar&apos;s language, e.g.
      &quot;status:suggested score&gt;=0.9&quot;, &quot;status:suggested was:rejected&quot;); prints
      what changes first. --dry-run changes nothing; --yes applies it through the
      journal. With --snapshot, offline: the decisions wait in the journal for
      relreview-cli sync, as the app&apos;s offline review does.
</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Recorded %1 decision(s) on %2 as step %3 in the journal; %4 pending on this snapshot (relreview-cli sync --snapshot %2 delivers them).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Decide on this snapshot offline (no server, no token).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>bulk: --snapshot FILE works offline: leave out --base-url and --source (relreview-cli sync delivers the decisions later)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>BulkPlan</name>
    <message>
        <source>Nothing changes to %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 from %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>1 relationship changes to %2: %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 relationships change to %2: %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 already %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 below the threshold %2 or without a score in 0–1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 at or above the threshold %2 or without a score in 0–1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nothing left out.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Left out: %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no score</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>out of 0-1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>another status</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>BulkPlanChart</name>
    <message>
        <source>Unknown status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Threshold</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>none</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>out</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Threshold %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No score</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Score outside 0-1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Scores %1 to %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Scores %1 to below %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n row(s) change</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>%1 now %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>of an unknown status</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>BulkReviewDialog</name>
    <message>
        <source>Bulk review</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rows:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Approve</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reject</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reset to suggested</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Decision:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Every score</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Scores at or above</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Scores below</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Threshold:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Close</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The %1 selected rows</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Every row matching the filter (%1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Approve %1 relationships</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reject %1 relationships</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reset %1 relationships</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stop sending</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 done · %2 failed · %3 remaining</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> · %1/s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> · about %1 s left</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stopped: %1 not sent were withdrawn; the %2 sent stay.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>CaCertificates</name>
    <message>
        <source>CA certificates &apos;%1&apos;: cannot be read (%2).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CA certificates &apos;%1&apos;: too large for a PEM certificate file.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CA certificates &apos;%1&apos;: no PEM certificate in it (expected -----BEGIN CERTIFICATE----- blocks).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CA certificates &apos;%1&apos;: certificate %2 is not valid PEM.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CA certificates &apos;%1&apos;: %2 of its %3 certificates could not be read.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>CliCommand</name>
    <message>
        <source>Show the usage.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>CliCommands</name>
    <message>
        <source>unknown command &apos;%1&apos;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>
The token comes from the environment variable RELREVIEW_TOKEN only, and is sent
only to the server --base-url names (https://, or http:// to this machine);
--ca-certificates FILE adds trusted certificate authorities (PEM).
The journal lives in $RELREVIEW_DATA_DIR, else the application data folder.
Exit status: 0 done, 1 failed or conflicts remain, 2 usage, 3 bad input.
</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Usage: relreview-cli COMMAND [OPTIONS]

Commands:
  validate FILE
      Check a snapshot or a saved list; the message names the position or record.
  export --base-url URL --source UUID [scope options] [--status S] -o FILE
      Fetch a source&apos;s relationships (and columns) into a snapshot.
  decide --snapshot FILE --id UUID [--id UUID ...] --status STATUS
      Record a decision offline, in the journal.
  decisions --snapshot FILE [--format csv|json] [-o FILE]
      List the decisions recorded on a snapshot with their delivery states.
  decisions import FILE [--snapshot FILE]
      Take back decisions a colleague listed with --format json or csv.
  sync --snapshot FILE --base-url URL [--retarget] [--source UUID] [--no-bulk]
       [--max-bulk N] [--max-in-flight N] [--max-attempts N] [--retry-failed]
      Push the pending decisions; the summary counts what failed or conflicts.
  diff OLD NEW [--format text|json|csv]
      What changed between two snapshots or saved lists, matched by column pair
      (from_column_id, to_table_id, to_column_name): added, removed, changed.
</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ColumnCatalog</name>
    <message>
        <source>expected an object</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>member &quot;id&quot;: expected a UUID</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>member &quot;table_id&quot;: expected a UUID</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>column %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>member &quot;name&quot;: expected a string</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>table %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>CommandLine</name>
    <message>
        <source>--%1: &apos;%2&apos; is not a UUID</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Review the column relationships Humm&apos;s inference pipeline suggests.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show this help.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show the version.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Use the saved connection profile NAME.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The API&apos;s base URL, e.g. https://config.heyhumm.ai.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The integration source to review; connects and loads at once.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Trust the certificate authorities in FILE (PEM) too, e.g. for a corporate TLS proxy; kept in the profile.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open a saved list or snapshot FILE read-only.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Scope id sent as %1 on every request.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unexpected argument &apos;%1&apos;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>--profile: &apos;%1&apos; is not a usable profile name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>--base-url: &apos;%1&apos; is not an http:// or https:// URL</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>--base-url: must not contain a user name or password</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>--snapshot: cannot be combined with --base-url, --source or scope ids (a snapshot is opened offline)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>--snapshot: no such file &apos;%1&apos;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>--snapshot: &apos;%1&apos; is not a readable file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Import table names from a CSV FILE with the header table_id,name.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ComparisonActions</name>
    <message>
        <source>Co&amp;mpare with…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Compare the open list with a snapshot or saved list, matched by column pair</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Compare with</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Snapshots and lists (*.json);;All files (*)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;End comparison</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Compared with %1: %2 added, %3 removed, %4 changed, %5 unchanged</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>CompetingTargetsBar</name>
    <message>
        <source>Keep them as they are</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reject it</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reject all %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ComponentsChart</name>
    <message>
        <source>Value</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1
value %2</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ConnectionDialog</name>
    <message>
        <source>Organization</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Resource</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Source</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Integration source (scope)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Data source</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Context source</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Job</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Connection</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Profile</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Profile:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Base URL:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>UUID of the integration source to review</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Integration source:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Personal access token (kept in memory only)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Token:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remember the token in the system keychain</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Scope (optional, sent with every request)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Connect</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Integration source: required.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Integration source: “%1” is not a UUID.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: “%2” is not a UUID.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Optional: a PEM file of certificate authorities to trust too</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;CA certificates:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The token for %1 is not sent to %2: enter the token for %2 (or leave it empty to use one kept in the keychain for it).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Scope</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ConnectionProfile</name>
    <message>
        <source>Profile name: must not be empty or contain &apos;/&apos; or &apos;\&apos;.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Integration source id: is required.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Scope: &apos;%1&apos; is not a known scope parameter.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Base URL: is required.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Base URL: &apos;%1&apos; is not a valid URL (%2).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Base URL: &apos;%1&apos; must start with http:// or https://.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Base URL: &apos;%1&apos; has no host name.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Base URL: must not contain a user name or password.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Base URL: %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>CredentialStore</name>
    <message>
        <source>No system keychain is available.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A token is kept only for an http:// or https:// server.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The keychain holds no token for this server.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The system keychain is not available: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The keychain refused: %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>DecideCommand</name>
    <message>
        <source>The snapshot decided on.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A relationship id (repeatable).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>SUGGESTED, APPROVED or REJECTED.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>decide: --snapshot FILE, --id UUID and --status STATUS are required</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>decide: --status must be SUGGESTED, APPROVED or REJECTED, not &apos;%1&apos;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>decide: --id &apos;%1&apos; is not a UUID</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: no relationship with id %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Recorded %1 decision(s): %2 on %3; %4 pending on this snapshot.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Why: not a key, wrong direction, coincidental overlap, type mismatch, another target is right or other, optionally followed by &apos;: &apos; and free text (any other text is kept as &apos;other&apos;). Kept in the journal only, never sent.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>DecisionImport</name>
    <message>
        <source>offset %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>member &quot;format&quot;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>expected &quot;%1&quot;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>member &quot;version&quot;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>unsupported version</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>member &quot;origin&quot;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no usable &quot;key&quot;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>member &quot;decisions&quot;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>expected an array</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>decision %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>member &quot;relationship_id&quot; is not a UUID</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>member &quot;status&quot; must be SUGGESTED, APPROVED or REJECTED</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>member &quot;created_ms&quot; is not a time</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>member &quot;%1&quot; is not a time</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>member &quot;created_at&quot; is not a time</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>member &quot;state&quot; is not a delivery state</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>line 1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>expected the header %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>record %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>expected %1 fields, found %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>field &quot;origin&quot; is not an origin key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>field &quot;relationship_id&quot; is not a UUID</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>field &quot;status&quot; must be SUGGESTED, APPROVED or REJECTED</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>field &quot;created_at&quot; is not a time</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>field &quot;state&quot; is not a delivery state</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>field &quot;origin&quot;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>decisions of more than one snapshot or source</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>line %1: a quoted field is not closed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>members &quot;from_column_id&quot; and &quot;to_table_id&quot; must be UUIDs (or all three of the pair absent)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>fields &quot;from_column_id&quot; and &quot;to_table_id&quot; must be UUIDs (or all three of the pair empty)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>DecisionJournal</name>
    <message>
        <source>integration source %1 at %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot create the journal %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot make the journal %1 private</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot open the journal %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot prepare the journal %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The journal %1 was written by a newer relreview (schema %2; this version knows %3). It is left untouched.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot upgrade the journal %1 from schema %2: %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot upgrade the journal %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No origin for the decisions</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot record the origin %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot record decisions: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>superseded by a newer decision</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot read decisions: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot update decisions: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot purge decisions: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The journal %1 is not open</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the journal %1 is locked by another program (another relreview window, or relreview-cli) and stayed locked for more than %2 s; nothing was written</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the journal is not open</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot create the folder %1 for the journal</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>it cannot be switched to write-ahead logging</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot hold decisions in memory: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot move the decisions held in memory into the journal %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot read the journal %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pending</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sent</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Confirmed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Failed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Gone</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Conflict</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Superseded</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot read the journal %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot record the reason: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot read the table names: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot name a table without its id</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot name table %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot save the table names: %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>DecisionNotes</name>
    <message>
        <source>Before</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>What was decided before on this column pair, in another list or snapshot</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reason</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reason of the decision</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>(none)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1  (%2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Why it was decided so: kept in the journal, never sent to the server. Right after a decision, keys 1–6 choose it too.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Note (optional)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Note on the reason</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>DecisionReason</name>
    <message>
        <source>not a key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>wrong direction</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>coincidental overlap</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>type mismatch</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>another target is right</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>other</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>DecisionsCommand</name>
    <message>
        <source>The snapshot.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>csv or json.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Write to FILE.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>decisions: --snapshot FILE is required</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>decisions: --format must be csv or json</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>decisions: unexpected argument &apos;%1&apos;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: cannot be written: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 decisions written to %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Record them on this snapshot instead of the one the file names.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>decisions import: give exactly one FILE</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: cannot read: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No decisions in %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Imported %1 decision(s) (%2 already known or superseded); %3 pending on %4.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>DeliveryOptions</name>
    <message>
        <source>Ids per bulk call (default 500).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tries per request on server or network errors (default 8).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>--max-bulk, --max-in-flight and --max-attempts take a positive number</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>At most N requests at once (default: adapts to the server, up to 6 over HTTP/1.1 and 64 over HTTP/2).</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>DiffCommand</name>
    <message>
        <source>text, json or csv.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>diff: give two files, OLD and NEW</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>diff: --format must be text, json or csv</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>relreview-cli: %1: record %2 (id %3) repeats the column pair %4 of record %5 (id %6); matched in order of appearance</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 → %2: %3 added, %4 removed, %5 changed, %6 unchanged</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>added    %1  %2 (%3, score %4)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>removed  %1  %2 (%3, score %4)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>evidence changed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 %2 → %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 (was %2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>changed  %1  %2: %3</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>DocumentParser</name>
    <message>
        <source>no JSON value: the input holds only white space</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>expected a JSON array of relationships, an object with &quot;items&quot; or a relreview snapshot; found a single value</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>not JSON: unexpected %1 where a JSON array or object should start</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>unexpected %1 after the end of the JSON document</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>invalid UTF-8</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>expected a JSON array of relationships, an object with &quot;items&quot; or a relreview snapshot; found an empty object</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>member appears more than once</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>a second list of relationships (after &quot;%1&quot;)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>expected an array of relationships</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>expected a string</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>unknown format &quot;%1&quot;; expected &quot;%2&quot;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>expected a whole number version</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>expected a number</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>invalid snapshot version %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>snapshot version %1 is newer than this relreview reads (up to %2); update relreview</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>expected a string or null</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>expected an array or null</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&apos;,&apos; or &apos;}&apos; after a member</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>missing required member</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>missing required member: an object with &quot;relationships&quot; must be a relreview snapshot</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>expected a JSON array of relationships, an object with &quot;items&quot; or a relreview snapshot; found an object without either</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>expected an object or null</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>expected a UUID string or null</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>a relationship object after &apos;,&apos;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>a relationship object</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&apos;,&apos; or &apos;]&apos; after a record</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>EarlierDecision</name>
    <message>
        <source>earlier: approved and rejected</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 %2</source>
        <comment>earlier decision: status, date</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 %2: %3</source>
        <comment>earlier decision: status, date, reason</comment>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>EvidenceDocument</name>
    <message>
        <source>unterminated string</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>control character in a string</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>bad \u escape in a string</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>bad escape in a string</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>bad number</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>unexpected character</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&apos;}&apos; closes an array</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&apos;]&apos; closes an object</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no value</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>unexpected end of input</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>expected a member name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>expected &apos;:&apos; after a member name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>expected &apos;,&apos; or &apos;}&apos;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>expected &apos;,&apos; or &apos;]&apos;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>unexpected data after the value</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>evidence is too large to display</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{1 member}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{%1 members}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>[1 item]</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>[%1 items]</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>EvidenceInspector</name>
    <message>
        <source>no score</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 · out of range</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Components</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Evidence</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Raw JSON</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Type</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Score</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Times</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Value</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Member</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sample values</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copy value</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copy the selected value (a member&apos;s JSON for objects and arrays)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copy path</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copy the selected member&apos;s JSON path, e.g. $.value_overlap.containment</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Column profiles</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>From</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>To</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Column</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Table</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Data type</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Primary key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nullable</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Null %</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Distinct %</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Approx. distinct</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Semantic type</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Samples</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No relationship selected</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Relationship %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>pending</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>pending, was %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>failed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>failed: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>gone from the server</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>changed on the server</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>changed on the server: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>created %1 · updated %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Times in local time; the server sends UTC</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reading the evidence (%1)…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No evidence</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The evidence has no numbers, flags or texts to show.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>✓ true</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>✗ false</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>more members than shown; see the Evidence tab</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> … (%1 of %2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>not available</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>yes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>… truncated: the first %1 of %2 are shown. Copy a value from the Evidence tab for the whole of a member.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>EvidenceTreeModel</name>
    <message>
        <source>The evidence is not valid JSON: %1 at byte %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>(evidence)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>error</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>(value)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Value</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Type</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ExportApprovedCommand</name>
    <message>
        <source>  export-approved (--snapshot FILE | --base-url URL --source UUID)
       --format dbt|sql|mermaid|csv [--dialect generic|postgres|snowflake|bigquery]
       [--confirmed-only] [--table-names FILE] [-o FILE]
      Write the approved relationships (after the journal&apos;s decisions) for other
      tools; those with an unknown table or column name are counted on stderr.
</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The snapshot.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>dbt, sql, mermaid or csv.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>With --format sql: generic, postgres, snowflake or bigquery.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Only relationships the server confirmed as approved.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Table names from a CSV file with the header table_id,name.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Write to FILE.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Time limit in seconds for each transfer, silent or not.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>export-approved: unexpected argument &apos;%1&apos;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>export-approved: give either --snapshot FILE or --base-url URL --source UUID</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>export-approved: --format is required (%1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>export-approved: --format must be one of %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>export-approved: --dialect must be one of %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>export-approved: --dialect goes with --format sql only</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>export-approved: --base-url URL and --source UUID go together</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>export-approved: set the token in the environment variable %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n approved relationship(s) written to %1</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ExportApprovedDialog</name>
    <message>
        <source>Export approved relationships</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>dbt schema.yml (relationships tests)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>SQL foreign keys (ALTER TABLE)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Mermaid ER diagram</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CSV</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Format:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Generic SQL</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>PostgreSQL</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Snowflake</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>BigQuery</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>SQL &amp;dialect:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Only those the server &amp;confirmed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Leave out approvals made here that the server has not confirmed yet.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Browse…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>F&amp;ile:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Export</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Counting the approved relationships…</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n approved relationship(s) will be written.</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n left out: a table or column name is unknown (File → Import table names… names the tables).</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ExportCommand</name>
    <message>
        <source>The snapshot to write.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Only relationships with this status.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Do not fetch the columns.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Time limit in seconds for each transfer, silent or not.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>export: unexpected argument &apos;%1&apos;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>export: --source UUID is required</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>export: -o FILE is required</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>export: --status must be SUGGESTED, APPROVED or REJECTED</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>export: set the token in the environment variable %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Exported %1 relationships to %2</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>FilterBar</name>
    <message>
        <source>Filter</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Filter   e.g. status:suggested score&gt;=0.8 to:customers -from:tmp_   ( / )</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;p&gt;Every term must hold. Terms:&lt;/p&gt;&lt;table cellpadding=&apos;2&apos;&gt;&lt;tr&gt;&lt;td&gt;&lt;b&gt;status:&lt;/b&gt;suggested,approved&lt;/td&gt;&lt;td&gt;status (also rejected, other)&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;&lt;b&gt;type:&lt;/b&gt;inferred&lt;/td&gt;&lt;td&gt;foreign_key, inferred, manual, other&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;&lt;b&gt;score&amp;gt;=&lt;/b&gt;0.8 &lt;b&gt;score&amp;lt;&lt;/b&gt;0.95&lt;/td&gt;&lt;td&gt;also &amp;gt;, &amp;lt;=, =&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;&lt;b&gt;score:none&lt;/b&gt;, &lt;b&gt;score:out&lt;/b&gt;&lt;/td&gt;&lt;td&gt;no score; outside 0–1&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;&lt;b&gt;to:&lt;/b&gt;customers&lt;/td&gt;&lt;td&gt;to table or column (table.column)&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;&lt;b&gt;from:&lt;/b&gt;cust_&lt;/td&gt;&lt;td&gt;from column (table.column)&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;&lt;b&gt;id:&lt;/b&gt;3c90c3cc&lt;/td&gt;&lt;td&gt;relationship id&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;&lt;b&gt;delivery:&lt;/b&gt;failed, &lt;b&gt;pending:&lt;/b&gt;yes&lt;/td&gt;&lt;td&gt;where a decision stands&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;word &quot;two words&quot;&lt;/td&gt;&lt;td&gt;free text&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;&lt;b&gt;-&lt;/b&gt;term&lt;/td&gt;&lt;td&gt;not&lt;/td&gt;&lt;/tr&gt;&lt;/table&gt;&lt;p&gt;Ctrl+Space completes; Enter applies and returns to the table.&lt;/p&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Filters</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Recent and saved filters (Alt+Down)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Filtering…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 relationships · type a query, or Ctrl+Space for the terms</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 of %2 match</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 — the table shows the last valid filter</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save filter</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Name for “%1”:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Saved</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>(none yet)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Recent</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save current filter…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remove saved filter</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Clear recent filters</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>FilterQuery</name>
    <message>
        <source>position %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>FilterQueryParser</name>
    <message>
        <source>expected %1 after &apos;%2&apos;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the quote opened here is not closed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>expected a space after the closing quote</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>nothing between the quotes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&apos;%1&apos; could be %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>expected a number after &apos;%1&apos;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>expected a term after &apos;-&apos;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>a status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>unknown status &apos;%1&apos; (expected suggested, approved, rejected or other)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>a type</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>unknown type &apos;%1&apos; (expected foreign_key, inferred, manual or other)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>a delivery state</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>unknown delivery state &apos;%1&apos; (expected none, pending, failed, gone or conflict)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>yes or no</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>expected yes or no after &apos;%1&apos;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>none, out or a number</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>expected none, out or a number after &apos;%1&apos;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>a name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>an id</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>an id has only hex digits and dashes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>expected an id after &apos;%1&apos;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>an earlier decision</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>unknown earlier decision &apos;%1&apos; (expected approved, rejected, conflict, any or none)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>a change</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>unknown change &apos;%1&apos; (expected added, changed, removed or unchanged)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>an order cannot be negated</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>an order</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>unknown order &apos;%1&apos; (expected uncertain)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>unknown filter &apos;%1&apos; (known: status, type, score, to, from, id, delivery, pending, was, diff, order; quote text that contains &apos;:&apos;)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>GraphNodeItem</name>
    <message>
        <source>+ %1 more</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Table %1: name unknown (double-click to name it)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>GraphPane</name>
    <message>
        <source>Neighbourhood</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Overview</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show rejected</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Draw rejected links (faint) or leave them out</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Name table…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Name the selected table (or double-click a table)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Fit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show the whole neighbourhood (0)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Relationship graph</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Jump to a table…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show suggested</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Draw suggested links (dashed) besides the approved ones</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Zoom in (+)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Zoom out (-)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show every table drawn (0)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Overview of the source&apos;s tables</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>table of column %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No row selected.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No list loaded.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Indexing the tables…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>name unknown</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The graph could not be laid out: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 → %2 · links touching them: %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> · rejected hidden: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> · the %1 most relevant drawn, %2 left out</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Drawing the overview…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>links: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>name unknown · links: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The overview could not be laid out: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>approved and suggested</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>approved</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No %1 links yet.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The %1 most linked of %2 linked tables, with %3 of %4 %5 links (search to show any other).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 tables, %2 %3 links.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 approved, %2 suggested: click to show the first</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No table matches “%1”.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Name table</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Name of table %1:</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>HistoryModel</name>
    <message>
        <source>Step</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delivery</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Session start</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Undo every decision of this session</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1
%2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> · %1</source>
        <comment>a step&apos;s reason</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> · before: %1</source>
        <comment>a step&apos;s earlier decision</comment>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>HistoryPanel</name>
    <message>
        <source>Undo history</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Click a step to undo or redo up to it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reason</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;%1 %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Why:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Clear the reason</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>JournalBanner</name>
    <message>
        <source>Decision journal</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Retry</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open the decision journal again</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Hold decisions in memory</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Accept decisions without the journal: they are lost when relreview exits, unless the journal comes back before (Retry)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;b&gt;Decisions are held in memory only.&lt;/b&gt; They will be lost when relreview exits, unless the journal comes back before: Retry moves them into it.&lt;br&gt;The journal cannot be opened: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;b&gt;Decisions are not being recorded: the decision journal cannot be opened.&lt;/b&gt; Fix the problem and Retry, or hold decisions in memory (lost on exit).&lt;br&gt;%1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>JournalTableNaming</name>
    <message>
        <source>Name table</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The table could not be named: %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>JsonScanner</name>
    <message>
        <source>unexpected end of input</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>expected %1, found %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>unexpected end of input inside a string</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>invalid \u escape: expected four hex digits</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>invalid escape sequence in a string</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>control character (%1) inside a string; it must be escaped</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>invalid number</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>invalid number: expected a digit after the decimal point</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>invalid number: expected a digit in the exponent</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>invalid literal; expected true, false or null</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>a member name in double quotes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&apos;:&apos; after the member name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>nested deeper than %1 levels</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>a value</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&apos;,&apos; or &apos;}&apos; after a member</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&apos;,&apos; or &apos;]&apos; after a value</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>byte 0x%1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>LoadJob</name>
    <message>
        <source>integration source %1 at %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reading %1…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No connection.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Downloading the relationships of %1…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Loading cancelled.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not load the relationships: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reading the relationships…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not reserve memory for the download.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The list is larger than %1 bytes; it cannot be loaded.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>relreview</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enter token…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Relationships</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Connect…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Open snapshot…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Re&amp;load</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reset &amp;layout</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Review</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;About relreview</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Review</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 of %2 shown</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 — relreview</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;b&gt;Token rejected.&lt;/b&gt; %1 Nothing is sent until a token is given; your decisions wait.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The token was not saved in the keychain: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open snapshot</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Snapshots and lists (*.json);;All files (*)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>About relreview</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;h3&gt;relreview&lt;/h3&gt;&lt;p&gt;Review the relationships Humm&apos;s inference pipeline suggests between the columns of a warehouse.&lt;/p&gt;&lt;p&gt;%1&lt;/p&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Evidence inspector</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Evidence</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Score charts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Scores</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>first %1 rows shown, loading… %p%</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Preview: the first %1 rows. Decisions open when the whole list is loaded.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Filter</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Sync decisions now</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Bulk review…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sync</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>History</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Edit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Keyboard &amp;shortcuts…</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n request(s) in flight</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n decision(s) shown as pending in this list</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>&lt;b&gt;No token for %1.&lt;/b&gt; A token is sent only to the server it was given for; enter the token for this one.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Decisions held in memory</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n decision(s) held in memory have not reached the server and will be lost when relreview exits.</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>The decision journal cannot be opened: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Quit and lose them</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Keep relreview open</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Most &amp;uncertain first</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sort by the distance of the score from the threshold, unscored last (also the filter term order:uncertain)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Relationship graph</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Graph</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>OfflineSnapshot</name>
    <message>
        <source>%1: no such file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: cancelled</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Origin</name>
    <message>
        <source>&apos;%1&apos; is not an https:// URL.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&apos;%1&apos; is not encrypted: use https:// (plain http:// is accepted only for this machine: localhost, 127.0.0.0/8, ::1).</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>OriginConfirmationDialog</name>
    <message>
        <source>Send to another server?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This snapshot&apos;s decisions go to &lt;b&gt;%1&lt;/b&gt;.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Your API token was given for %1, not for %2. The snapshot file names %2; anyone can write a file that does. Send the decisions and your token to %2 only if you trust it. The answer holds until relreview is closed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Send to %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Don&apos;t send</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ParseError</name>
    <message>
        <source>record %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>record %1 (id %2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>member &quot;%1&quot;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>at byte offset %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>PendingCountLabel</name>
    <message>
        <source>%1 pending</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 conflicts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 failed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>All decisions delivered</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pending %1 · sent %2 · confirmed %3 · failed %4 · gone %5 · conflicts %6</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>RecordDecoder</name>
    <message>
        <source>member appears more than once in the record</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>missing required member</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>expected a UUID string</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>not a valid UUID: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>expected a string</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>longer than %1 characters (%2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>expected a date-time string</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>not a valid ISO 8601 date-time: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>number out of range: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>expected a number or null</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>expected an object or null</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>invalid \u escape: unpaired surrogate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>expected a string or null</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 bytes long</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 bytes long with the record&apos;s other unknown members</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1; a member may hold at most %2 bytes (members of 4 GiB or more are not supported)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Relationship</name>
    <message>
        <source>Suggested</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Approved</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rejected</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unknown</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Foreign key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Inferred</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Manual</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>RelationshipParser</name>
    <message>
        <source>the input is empty</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>UTF-16 is not supported; save as UTF-8</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>not enough memory to load this input</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>cancelled</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>cannot open the file: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>cannot read the file: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>a relationship object</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>unexpected %1 after the end of the JSON document</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>invalid UTF-8</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the file changed while it was read; nothing was loaded from it: load it again once it is complete</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the file changed while it was read (%1 bytes when it was opened, %2 now); nothing was loaded from it: load it again once it is complete</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the file could not be read: the system failed to read some of its pages (it may have changed, or its disk or network share failed); nothing was loaded from it</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the transfer stopped before the end of the input</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>RelationshipTableModel</name>
    <message>
        <source>1 relationship</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 relationships</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 shown of %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>From</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>To table</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>To column</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Type</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Score</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Updated</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 …</source>
        <comment>status of a decision not yet confirmed by the server</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 (not saved)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 (gone)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 (conflict)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Column %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Data type %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Relationship %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Table %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A type this version does not know: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A status this version does not know: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1, waiting for the server to confirm (the server still says %2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No score</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: outside 0–1, the range scores are documented to have</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Updated %1 (%2)
Created %3 (%4)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 was not saved: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Gone from the server: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Changed on the server since it was decided here: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Change</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Against %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Decided before on this column pair: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>added</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not in %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>removed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Only in %1: read-only here</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>changed: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Changed since %1:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>status %1 → %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>none</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>score %1 → %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>type %1 → %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>evidence changed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unchanged</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ReviewHistory</name>
    <message>
        <source>undone</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>recording</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>withdrawn before sending</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>nothing to send</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>confirmed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 confirmed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 on the way</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 failed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 withdrawn</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 replaced by later decisions</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 with a status that cannot be sent back</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ReviewSession</name>
    <message>
        <source>nothing open</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Loading cancelled.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Loading %1…</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Loaded %n relationship(s) from %1.</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>The list is still loading; decide once it has loaded.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 %2 failed: %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 can no longer be read, so decisions on it cannot be recorded.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Decisions cannot be recorded: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The snapshot is still being opened; decide once it has loaded.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Decisions cannot be recorded on this list.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Connect to an integration source or open a snapshot to decide.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The decision could not be recorded, so it was not made: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not recorded: the decision journal cannot be opened (%1). Retry, or hold decisions in memory, from the bar above the table.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not recorded:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nothing was sent to %1: you chose not to send this snapshot&apos;s decisions and your token for %2 there. Connect to %1 (Ctrl+L) to send them.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nothing was sent: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The reason could not be recorded: %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>RowSink</name>
    <message>
        <source>duplicate id: record %1 has the same id</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SchemaActions</name>
    <message>
        <source>Import &amp;table names…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Name tables from a CSV file with the header table_id,name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export &amp;approved…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Write the approved relationships as dbt tests, SQL, a Mermaid diagram or CSV</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Import table names</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CSV files (*.csv);;All files (*)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Table names not imported</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No table name was changed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Table names not imported: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n table name(s) imported from %1</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n approved relationship(s) written to %1</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ScoreChartsPanel</name>
    <message>
        <source>Unknown status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>none</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>out</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Threshold</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Calibration: approved share of reviewed rows per score bin</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Threshold</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Current row</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Click a bin to set the threshold there</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reviewed rows</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Score = share</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Approved share</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>approved</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>reviewed rows</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Score distribution of %1 rows shown</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Threshold %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no score</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Current row (%1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 suggested at or above %2 · %3 below</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> · %1 without a usable score</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Scores %1 to %2 (inclusive)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Scores %1 to under %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No score (null)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Score outside 0 to 1</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n row(s)</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>No reviewed rows</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 approved of %2 reviewed (%3 %)</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n row(s) in the bin</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>Compared list</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Scores of %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ShortcutSettingsDialog</name>
    <message>
        <source>Keyboard shortcuts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Click a key and press the new one. Review keys act while the table has the focus.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Command</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Default: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>none</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Key for %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Clear</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No key for %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is given to both %2 and %3.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ShortcutsSheet</name>
    <message>
        <source>Keyboard shortcuts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Other</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Also</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SnapshotActions</name>
    <message>
        <source>&amp;Export snapshot…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save the relationships as the server sent them, for review without a network.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export snapshot</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>relreview snapshots (*.json);;All files (*)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Exporting %1…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SnapshotExporter</name>
    <message>
        <source>%1: not written: the list was reloaded during the export</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: cannot be written: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: export cancelled; nothing was written</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Exported %n relationships to %1</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
</context>
<context>
    <name>SnapshotFingerprint</name>
    <message>
        <source>%1: cannot read: %2</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SnapshotWriter</name>
    <message>
        <source>the snapshot cannot be written: the file is not open for writing</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the snapshot cannot be written: row %1 does not exist</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the snapshot cannot be written: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: cannot be written: %2</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SourceDownload</name>
    <message>
        <source>cannot create a file for the download: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Downloading the relationships of %1 from %2…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Columns not included: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the server&apos;s answer is not a valid list: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the server&apos;s list</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SourceOptions</name>
    <message>
        <source>The integration source.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>--source &apos;%1&apos; is not a UUID</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>--%1 &apos;%2&apos; is not a UUID</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SyncCommand</name>
    <message>
        <source>%1 confirmed, %2 pending, %3 failed, %4 gone, %5 conflicts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The snapshot decided on.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Send to --base-url although the snapshot came from another server.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The integration source of a bare list.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>One PUT per decision.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Send decisions that failed before again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Time limit in seconds for each transfer, silent or not.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>First retry delay and cap in ms, e.g. 500,60000.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No progress lines.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>sync: --snapshot FILE is required</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>sync: --retarget needs --base-url URL, the server to send to</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>sync: --backoff-ms takes BASE,CAP in milliseconds</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>sync: set the token in the environment variable %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>sync: %1 names no server; give --base-url URL</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>sync: %1 came from %2, but the token in %3 is sent only to a server named on the command line; to send its decisions there, run again with --base-url %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>sync: %1 came from %2, not from %3 named by --base-url; give --retarget to send its decisions to %3 instead</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>sync: --source &apos;%1&apos; is not a UUID</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>sync: %1 names no integration source; give --source UUID</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 of %2 decisions settled</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>set a valid token in %1 and run sync again</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>conflict: %1: yours %2, the server&apos;s %3 (updated %4)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>unknown</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: %2: %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Summary: %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SyncEngine</name>
    <message>
        <source>&quot;%1&quot; is not a status the server accepts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sending %1 decisions…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nothing to sync: no source or snapshot is open.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reading the server&apos;s current state…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stopped</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Resuming with the new token…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Confirming by re-reading the server&apos;s list…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>superseded by a newer decision</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the server&apos;s list</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rate limited by the server: waiting %1 s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 Retrying in %2 s.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Paused: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The server has no bulk endpoint; sending one request per decision.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The server refused %1 ids in one call; sending %2 at a time.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The server&apos;s list could not be read.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot read the server&apos;s current state: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the server did not take the status %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The relationship is no longer on the server.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Changed on the server since the snapshot: now %1, updated %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Every decision is confirmed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sync finished.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the server&apos;s state was kept</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>withdrawn before it was sent</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No API token is set.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot create a file to read the server&apos;s list into: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%1 (gave up after %n tries)</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>an empty answer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the server answered the bulk update with %1, but its list does not show the relationship as %2; not confirmed</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SyncPanel</name>
    <message>
        <source>%v of %m</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Sync now</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Send every pending decision; a snapshot&apos;s decisions are first checked against the server&apos;s current state.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Retry failed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Send the decisions the server refused once more.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Conflicts: changed on the server since you decided</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Relationship</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Yours</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Server&apos;s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Changed on the server</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Keep mine</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Send your decision over the server&apos;s newer state.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Take server&apos;s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Drop your decision and show the server&apos;s state.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Paused until a valid token is given: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n no longer on the server</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>Every decision is confirmed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Finished: %1 failed, %2 conflicts, %3 still pending.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>not read yet</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>TableNameStore</name>
    <message>
        <source>The table names cannot be kept: the journal is not open.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>TableNames</name>
    <message>
        <source>the name is longer than %1 characters</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the name holds a line break or another control character</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no table id</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>line %1: the file is not UTF-8 text</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>line %1: a quoted field is not closed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>line %1: a quote inside a field that is not quoted, or text after a quoted field</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>line 1: the file is empty; expected the header %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>line %1: expected the header %2, found %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>line %1: expected 2 fields (table_id,name), found %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>line %1, column 1 (table_id): &apos;%2&apos; is not a table id (a UUID)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>line %1, column 1 (table_id): table %2 is named again (first on line %3)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>line %1, column 2 (name): the name is empty</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>line %1, column 2 (name): %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: no such file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: the file is larger than %2 MB; a file of table names is far smaller</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: cannot be read: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>expected an object</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>member &quot;table_id&quot;: expected a UUID</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>member &quot;name&quot;: expected a non-empty string</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>table name %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>TargetOptions</name>
    <message>
        <source>Trust the certificate authorities in FILE (PEM) too, e.g. for a corporate TLS proxy.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>--base-url: &apos;%1&apos; is not a URL</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>--base-url: must not contain a user name or password</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The API&apos;s base URL (https://; http:// only for this machine). The token is sent there and nowhere else.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>TriageController</name>
    <message>
        <source>Review</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Move</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>View</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Approve</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Reject</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reset to &amp;suggested</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reject &amp;competing targets</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Move to the next undecided row after deciding</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Next row</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Previous row</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Next undecided row</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show or hide the inspector</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Filter</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Keyboard shortcuts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No undecided rows left in view.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This snapshot is open read-only.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Approve %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reject %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reset %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Decided this session · SUGGESTED rows left in view · decisions per minute (last 5 minutes) · decisions waiting for the server</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 decided · %2 suggested left · %3/min · %4 pending</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>↑ ↓</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Previous / next row</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Shift+↑ ↓</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Extend the selection</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Redo</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Esc</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>From the filter back to the table</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Undo</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Edit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Redo</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Undo %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Redo %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Undo</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Undo %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nothing to undo</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Redo %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nothing to redo</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> and 1 more</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> and %1 more</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The %1 approved columns</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 also has another suggested target: %2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 also has %2 other suggested targets: %3%4.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reject 1 competing target</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reject %1 competing targets</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Approve %1 relationships</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reject %1 relationships</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reset %1 relationships</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A removed row of the compared list cannot be decided: it is not in the open list.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n removed row(s) of the compared list left as they are: they are not in the open list.</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>Reason: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1. Why? %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reason “%1” kept for: %2</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ValidateCommand</name>
    <message>
        <source>validate: give exactly one FILE</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: valid relreview snapshot (version %2), %3 relationships, %4 columns</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: valid list, %2 relationships</source>
        <translation type="unfinished"></translation>
    </message>
</context>
</TS>
