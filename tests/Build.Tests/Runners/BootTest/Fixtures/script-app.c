/* A stand-in for the Redox boot chain in boot-test fixtures: a gnu-efi BOOTX64.EFI that plays a script of steps
   (print a line, sleep, wait for a key on the console, write a file to its own ESP, power off, hang). The test
   generates script.inc from its steps and compiles one app per scenario (see BootFixtures.cs). OVMF mirrors the
   console to the serial port, which is what the boot test reads and where its stdin keys arrive. */
#include <efi.h>
#include <efilib.h>

static EFI_HANDLE app_image;

static void say(CHAR16 *text) { Print(L"%s\r\n", text); }

static void say_raw(CHAR16 *text) { Print(L"%s", text); }

static void sleep_ms(UINTN ms) { uefi_call_wrapper(BS->Stall, 1, ms * 1000); }

static void wait_key(void)
{
    UINTN index;
    EFI_INPUT_KEY key;
    uefi_call_wrapper(BS->WaitForEvent, 3, 1, &ST->ConIn->WaitForKey, &index);
    uefi_call_wrapper(ST->ConIn->ReadKeyStroke, 2, ST->ConIn, &key);
}

/* Writes a file to the ESP the app was loaded from, so a test can prove the image under the overlay stays intact. */
static void write_file(CHAR16 *name)
{
    EFI_LOADED_IMAGE *loaded = NULL;
    EFI_FILE_HANDLE root, file;
    EFI_STATUS status;
    CHAR8 data[] = "written by the guest\n";
    UINTN size = sizeof(data) - 1;

    status = uefi_call_wrapper(BS->HandleProtocol, 3, app_image, &LoadedImageProtocol, (void **)&loaded);
    root = EFI_ERROR(status) ? NULL : LibOpenRoot(loaded->DeviceHandle);
    if (root == NULL) { say(L"WRITE-FAILED"); return; }
    status = uefi_call_wrapper(root->Open, 5, root, &file, name,
                               EFI_FILE_MODE_CREATE | EFI_FILE_MODE_READ | EFI_FILE_MODE_WRITE, 0);
    if (!EFI_ERROR(status))
    {
        status = uefi_call_wrapper(file->Write, 3, file, &size, data);
        if (!EFI_ERROR(status)) status = uefi_call_wrapper(file->Flush, 1, file);
        uefi_call_wrapper(file->Close, 1, file);
    }
    uefi_call_wrapper(root->Close, 1, root);
    say(EFI_ERROR(status) ? L"WRITE-FAILED" : L"WRITE-OK");
}

static void shutdown(void) { uefi_call_wrapper(RT->ResetSystem, 4, EfiResetShutdown, EFI_SUCCESS, 0, NULL); }

static void hang(void) { for (;;) sleep_ms(1000); }

EFI_STATUS EFIAPI efi_main(EFI_HANDLE image, EFI_SYSTEM_TABLE *system_table)
{
    InitializeLib(image, system_table);
    app_image = image;
#include "script.inc"
    hang();
    return EFI_SUCCESS;
}
