@echo -off
# The marker is assembled from a variable so the echoed command line never contains it.
set M BOOTED
echo ESP-MARKER-%M%
reset -s
