#pragma once
// The history store (issue 3, item 5): being written.
