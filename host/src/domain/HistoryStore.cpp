#include "monban/host/domain/HistoryStore.h"
