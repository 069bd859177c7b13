// libpq from Debian's libpq-dev: results stream as COPY ... TO STDOUT (FORMAT binary), which PostgresNIO lacks.
#include <postgresql/libpq-fe.h>
