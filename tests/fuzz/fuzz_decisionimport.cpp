// libFuzzer target for `relreview-cli decisions import` (DecisionImport::parse): a file from a
// colleague is data. Any bytes give checked decisions or one error that says where, never a
// crash, a hang or undefined behaviour, and never some decisions with an error.
#include "DecisionImport.h"
#include "FuzzSupport.h"
#include "Relationship.h"

#include <QByteArray>

using fuzz::require;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    const QByteArray input(reinterpret_cast<const char*>(data), qsizetype(size));
    const DecisionImport result = DecisionImport::parse(input);
    if (!result.ok) {
        require(!result.error.isEmpty(), "a refusal says why");
        require(result.entries.isEmpty(), "no decisions with an error");
        return 0;
    }
    require(result.error.isEmpty(), "no error with decisions");
    for (const DecisionImport::Entry& entry : result.entries) {
        require(entry.originKey.startsWith(QLatin1StringView("snapshot:")) ||
                    entry.originKey.startsWith(QLatin1StringView("live:")),
                "every decision names an origin");
        require(!entry.decision.relationshipId.isNull(), "every decision names a relationship");
        require(statusFromName(entry.decision.status).has_value(), "every status is known");
        require(entry.decision.createdMs > 0, "every decision has a time");
    }
    if (!result.entries.isEmpty())
        require(result.origin.isValid(), "decisions come with their origin");
    return 0;
}
