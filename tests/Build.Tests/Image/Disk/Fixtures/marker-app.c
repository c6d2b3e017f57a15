/* A stand-in for the Redox UEFI bootloader: proves firmware loaded \EFI\BOOT\BOOTX64.EFI from our ESP.
   Built with gnu-efi by FirmwareBootTests; prints a marker on the console (mirrored to serial) and powers off. */
#include <efi.h>
#include <efilib.h>

EFI_STATUS EFIAPI efi_main(EFI_HANDLE image, EFI_SYSTEM_TABLE *system_table)
{
    InitializeLib(image, system_table);
    Print(L"EFI-APP-%s\r\n", L"MARKER-OK");
    uefi_call_wrapper(RT->ResetSystem, 4, EfiResetShutdown, EFI_SUCCESS, 0, NULL);
    return EFI_SUCCESS;
}
