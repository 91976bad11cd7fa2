#include "monban/host/domain/Domain.h"

#include "monban/host/domain/DomainSchema.h"
#include "monban/host/domain/HistorySchema.h"

namespace monban::host::domain {

void Domain::migrate(Migrator& migrator, Dialect dialect) {
  migrator.apply("domain", domainMigrations(dialect));
  migrator.apply("history", historyMigrations(dialect));
}

}  // namespace monban::host::domain
