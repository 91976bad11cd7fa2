#include "monban/host/domain/Domain.h"

#include "monban/host/domain/DomainSchema.h"

namespace monban::host::domain {

void Domain::migrate(Migrator& migrator, Dialect dialect) {
  migrator.apply("domain", domainMigrations(dialect));
}

}  // namespace monban::host::domain
